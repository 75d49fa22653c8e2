// Azure App Configuration: the caller policy the gateway and the backend reload while they run (issue 14): revoked
// applications, principals and tokens, role restrictions and allowlists, one key-value each under
// apim-oauth:policy:, plus the sentinel whose change makes the services reload.
//
// Entra ID only (disableLocalAuth): the store has no access key and no connection string that could leak. The
// services' identities read it (App Configuration Data Reader) and cannot write it, so a compromised gateway cannot
// lift its own restrictions; the principal running the deployment holds App Configuration Data Owner to revoke and
// restore callers (infra/README.md, "Revoking a caller in Azure").
//
// No key-value is declared here, on purpose: a deployment must never undo a revocation or set the sentinel back, and
// an empty store is the services' YAML policy, exactly as without a store. An operator sets the first sentinel.
@description('Store name: 5-50 letters, digits, hyphens and underscores, globally unique (<name>.azconfig.io).')
@minLength(5)
@maxLength(50)
param name string

@description('Azure region.')
param location string

@description('Turn on purge protection. It cannot be turned off again once on, and keeps the store name taken until the retention ends.')
param enablePurgeProtection bool = true

@description('Days a deleted store can be recovered, with its key-values.')
@minValue(1)
@maxValue(7)
param softDeleteRetentionInDays int = 7

@description('Principal ids (managed identities) that read the policy: the gateway\'s and the backend\'s.')
param readerPrincipalIds array

@description('Principal (object) id that writes the policy: the principal running the deployment.')
param ownerPrincipalId string

@description('Type of that principal: User (a person running azd) or ServicePrincipal (the pipeline).')
@allowed([
  'User'
  'ServicePrincipal'
])
param ownerPrincipalType string

@description('Resource id of the Log Analytics workspace that receives the store\'s audit log.')
param workspaceId string

param tags object = {}

// Built-in roles "App Configuration Data Reader" and "App Configuration Data Owner".
var dataReaderRoleId = '516239f1-63e1-4d78-a4de-a74fb236a071'
var dataOwnerRoleId = '5ae67dd6-50cb-40e7-96ff-dc2bfa4b606b'

resource store 'Microsoft.AppConfiguration/configurationStores@2024-06-01' = {
  name: name
  location: location
  tags: tags
  // Standard, not Free: Free allows 1,000 requests a day, and each gateway and backend replica asks for the sentinel
  // every 5 seconds (17,280 requests a day); Standard includes 200,000 a day, soft delete and purge protection.
  sku: {
    name: 'standard'
  }
  properties: {
    disableLocalAuth: true
    // Key-value requests through Azure Resource Manager (the portal, a template) carry the caller's own identity and
    // need its data role, as requests to the endpoint do.
    dataPlaneProxy: {
      authenticationMode: 'Pass-through'
      privateLinkDelegation: 'Disabled'
    }
    softDeleteRetentionInDays: softDeleteRetentionInDays
    // "Off" is expressed by leaving the property out, as for the vault: purge protection cannot be turned off.
    enablePurgeProtection: enablePurgeProtection ? true : null
    // As the vault: the container apps reach the store over its public endpoint; every data-plane call still needs
    // an Entra token and an RBAC role.
    publicNetworkAccess: 'Enabled'
  }
}

// The audit trail of every revocation and restore: who wrote or deleted which key, and when (table AACAudit). The
// store's own revision history (az appconfig revision list) keeps the values for 30 days besides.
resource audit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: store
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'Audit'
        enabled: true
      }
    ]
  }
}

resource dataReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for principalId in readerPrincipalIds: {
  name: guid(store.id, principalId, dataReaderRoleId)
  scope: store
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataReaderRoleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}]

resource dataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(store.id, ownerPrincipalId, dataOwnerRoleId)
  scope: store
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataOwnerRoleId)
    principalId: ownerPrincipalId
    principalType: ownerPrincipalType
    description: 'The deploying principal: revokes and restores callers in the caller policy (infra/README.md).'
  }
}

output storeName string = store.name
output endpoint string = store.properties.endpoint
