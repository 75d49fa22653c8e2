// apim-oauth-spring on Azure Container Apps, the platform part ("provision"): Log Analytics and Application Insights,
// the Container Apps environment with its managed OpenTelemetry agent, the registry, Key Vault and its secrets, the
// App Configuration store of the caller policy, one identity per service, the role assignments, the backend API's
// Entra app registration, and the job that probes the gateway from inside the environment. No secret value is a
// parameter or an output of this template.
//
// The container apps are not here: infra/app.bicep deploys one of them per run, on the image just pushed (azd deploy,
// or .github/workflows/deploy.yml). So a deployment runs this template once, and never before its images exist: the
// first run needs no placeholder image and no second pass (issue 12, "one deploy pass").
targetScope = 'resourceGroup'

import { resourceNames, secretNames } from 'modules/names.bicep'

@description('Short lowercase prefix of every resource name (letters and digits). infra/app.bicep must get the same.')
@minLength(3)
@maxLength(9)
param namePrefix string = 'apimoauth'

@description('Azure region of every resource.')
param location string = resourceGroup().location

@description('Key Vault purge protection. Irreversible once on; leave off only for throw-away environments.')
param keyVaultPurgeProtection bool = true

@description('Days a deleted Key Vault or secret stays recoverable.')
@minValue(7)
@maxValue(90)
param keyVaultSoftDeleteRetentionInDays int = 90

@description('App Configuration (caller policy) purge protection. Irreversible once on; leave off only for throw-away environments.')
param appConfigurationPurgeProtection bool = true

@description('Recover soft-deleted secrets with their old values. Off: deleting a secret may be how a key was revoked, and a deployment must not bring it back.')
param recoverDeletedSecrets bool = false

@description('Any new value (the date, say) runs the secret-seeding script once more; empty or unchanged: it runs only when the vault or the secret names change.')
param reseed string = ''

@description('true: this deployment gives the frontend identity Backend.Read, which needs AppRoleAssignment.ReadWrite.All and Application.Read.All. false (the pipeline\'s recommended setting): an administrator runs infra/scripts/grant-backend-read.sh once.')
param assignBackendReadRole bool = true

@description('Type of the principal running this deployment, which gets App Configuration Data Owner on the caller policy: User (a person, azd) or ServicePrincipal (the pipeline).')
@allowed([
  'User'
  'ServicePrincipal'
])
param deployerPrincipalType string = 'User'

@description('Object ids added as owners of the backend API app registration and its service principal, besides the principal running this deployment (a person, or the pipeline). Give the other deployer here, so whichever runs first, the other can still update them.')
param entraAppOwnerIds array = []

@description('Base of v1 token issuers (https://sts.windows.net/{tid}/ in the public cloud), without trailing slash.')
param v1IssuerBase string = 'https://sts.windows.net'

@description('uniqueName (alternate key) of the backend API app registration; unique in the tenant.')
param backendAppUniqueName string = '${namePrefix}-backend-api-${uniqueString(resourceGroup().id)}'

param tags object = {
  project: 'apim-oauth-spring'
}

// ----- names -----

var names = resourceNames(namePrefix, resourceGroup().id)

// Stable app role ids: derived, so every deployment declares the same ids.
var backendReadRoleId = guid(backendAppUniqueName, 'Backend.Read')
var backendWriteRoleId = guid(backendAppUniqueName, 'Backend.Write')
var backendAppRoles = [
  {
    id: backendReadRoleId
    value: 'Backend.Read'
    displayName: 'Backend.Read'
    description: 'Read greetings from the backend API (GET /api/**).'
    allowedMemberTypes: [
      'Application'
    ]
    isEnabled: true
  }
  {
    id: backendWriteRoleId
    value: 'Backend.Write'
    displayName: 'Backend.Write'
    description: 'Create greetings on the backend API (POST/PUT/PATCH/DELETE /api/**).'
    allowedMemberTypes: [
      'Application'
    ]
    isEnabled: true
  }
]

// Owners of the app registration and its service principal (issue 12, defect 4). Without them, whoever created the
// objects first was their only owner: a pipeline holding Application.ReadWrite.OwnedBy then got 403 on objects a
// person had created, for good. The principal running this deployment is always one; entraAppOwnerIds names the other.
var entraOwners = union([deployer().objectId], entraAppOwnerIds)

// ----- platform -----

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    name: names.workspace
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
  }
}

// The environment's managed OpenTelemetry agent sends the apps' traces to Application Insights (issue 15); the
// module reads the connection string from the resource itself.
module containerEnv 'modules/environment.bicep' = {
  name: 'environment'
  params: {
    name: names.environment
    location: location
    workspaceId: monitoring.outputs.workspaceId
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    tags: tags
  }
}

module identities 'modules/identities.bicep' = {
  name: 'identities'
  params: {
    namePrefix: namePrefix
    location: location
    tags: tags
  }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  params: {
    name: names.registry
    location: location
    tags: tags
    pullerPrincipalIds: [
      identities.outputs.frontend.principalId
      identities.outputs.gateway.principalId
      identities.outputs.backend.principalId
    ]
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: names.keyVault
    location: location
    tags: tags
    enablePurgeProtection: keyVaultPurgeProtection
    softDeleteRetentionInDays: keyVaultSoftDeleteRetentionInDays
  }
}

// The seeder's access to the vault, for the seeding only: the deployer removes it again once this template is done
// (infra/scripts/revoke-seeder-access.sh, run by the workflow and by azd's postprovision hook). See the module.
module seederAccess 'modules/keyvault-seeder-access.bicep' = {
  name: 'keyvault-seeder-access'
  params: {
    vaultName: keyVault.outputs.vaultName
    seederPrincipalId: identities.outputs.seeder.principalId
  }
}

module secretValues 'modules/keyvault-secret-values.bicep' = {
  name: 'keyvault-secret-values'
  dependsOn: [
    seederAccess
  ]
  params: {
    vaultName: keyVault.outputs.vaultName
    location: location
    tags: tags
    seederIdentityId: identities.outputs.seeder.id
    recoverDeletedSecrets: recoverDeletedSecrets
    reseed: reseed
    secretNames: [
      secretNames.subscriptionKeyPrimary
      secretNames.subscriptionKeySecondary
      secretNames.functionKey
    ]
  }
}

// Each assignment is scoped to one secret, for only the secrets that identity reads.
module secretAccess 'modules/keyvault-secret-access.bicep' = {
  name: 'keyvault-secret-access'
  dependsOn: [
    secretValues
  ]
  params: {
    vaultName: keyVault.outputs.vaultName
    assignments: [
      {
        principalId: identities.outputs.frontend.principalId
        secretName: secretNames.subscriptionKeyPrimary
      }
      {
        principalId: identities.outputs.gateway.principalId
        secretName: secretNames.subscriptionKeyPrimary
      }
      {
        principalId: identities.outputs.gateway.principalId
        secretName: secretNames.subscriptionKeySecondary
      }
      {
        principalId: identities.outputs.gateway.principalId
        secretName: secretNames.functionKey
      }
      {
        principalId: identities.outputs.backend.principalId
        secretName: secretNames.functionKey
      }
    ]
  }
}

// The job the deploy workflow starts to check, from inside the environment, that the gateway refuses a call without
// a subscription key (the gateway's ingress is internal: nothing outside the environment can ask it).
module gatewayProbe 'modules/gateway-probe-job.bicep' = {
  name: 'gateway-probe-job'
  params: {
    name: names.probeJob
    location: location
    tags: tags
    environmentId: containerEnv.outputs.environmentId
  }
}

// The services send their own meters to Application Insights, as their managed identities (issue 15): the
// environment's agent carries traces and logs only.
module metricsAccess 'modules/monitoring-metrics-access.bicep' = {
  name: 'monitoring-metrics-access'
  params: {
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    publisherPrincipalIds: [
      identities.outputs.frontend.principalId
      identities.outputs.gateway.principalId
      identities.outputs.backend.principalId
    ]
  }
}

// The caller policy (issue 14): the gateway and the backend read it and reload it while they run; the principal
// running this deployment (deployer(), as for the Entra owners below) revokes and restores callers in it. No
// key-value is written here: see the module.
module policyStore 'modules/appconfig.bicep' = {
  name: 'appconfig'
  params: {
    name: names.appConfiguration
    location: location
    tags: tags
    enablePurgeProtection: appConfigurationPurgeProtection
    workspaceId: monitoring.outputs.workspaceId
    readerPrincipalIds: [
      identities.outputs.gateway.principalId
      identities.outputs.backend.principalId
    ]
    ownerPrincipalId: deployer().objectId
    ownerPrincipalType: deployerPrincipalType
  }
}

// ----- Entra ID -----

module backendApi 'modules/entra-backend-api.bicep' = {
  name: 'entra-backend-api'
  params: {
    uniqueName: backendAppUniqueName
    displayName: '${namePrefix} backend API'
    appRoles: backendAppRoles
    owners: entraOwners
  }
}

module backendApiUri 'modules/entra-identifier-uri.bicep' = {
  name: 'entra-identifier-uri'
  params: {
    uniqueName: backendApi.outputs.uniqueName
    displayName: '${namePrefix} backend API'
    appRoles: backendAppRoles
    appId: backendApi.outputs.appId
    owners: entraOwners
  }
}

// The frontend identity's Backend.Read (issue 12, defect 2). Graph learns of a new managed identity's service
// principal some time after ARM returns it, and an app role assignment made seconds after the identity fails with
// "Not a valid reference update" (msgraph-bicep-types #193), so a first deployment failed and the second succeeded.
// Ordered after the secret seeding, which on a first deployment takes minutes (a storage account and a container
// instance are created for it), by when Graph knows the identity; the workflow also retries the whole deployment
// once on that one error (infra/scripts/provision.sh).
// Off (assignBackendReadRole=false) for a pipeline without AppRoleAssignment.ReadWrite.All (issue 12, defect 3):
// then an administrator makes this one assignment with infra/scripts/grant-backend-read.sh.
module backendRead 'modules/entra-backend-read.bicep' = if (assignBackendReadRole) {
  name: 'entra-backend-read'
  dependsOn: [
    secretValues
  ]
  params: {
    backendServicePrincipalId: backendApi.outputs.servicePrincipalId
    backendReadRoleId: backendReadRoleId
    frontendPrincipalId: identities.outputs.frontend.principalId
  }
}

// ----- outputs: names, ids and URLs only -----
// UPPER_CASE names: azd stores them in its environment, where infra/*.bicepparam and the azure.yaml hooks read them;
// the deploy workflow exports them the same way. AZURE_CONTAINER_REGISTRY_ENDPOINT is where azd pushes the images.
// Keep every name UPPER_CASE: ARM may return such a name camel-cased at the front (azurE_...); azd restores the
// declared name from the template, infra/scripts/provision.sh by upper-casing.

output AZURE_NAME_PREFIX string = namePrefix
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_CONTAINER_REGISTRY_NAME string = registry.outputs.registryName
output AZURE_CONTAINER_ENVIRONMENT_NAME string = containerEnv.outputs.environmentName
// Where the Kusto queries of infra/README.md ("Observability in Azure") run. Names only: no connection string.
output AZURE_LOG_ANALYTICS_WORKSPACE_NAME string = monitoring.outputs.workspaceName
output AZURE_APPLICATION_INSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.vaultName
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.vaultUri
output AZURE_APPCONFIGURATION_NAME string = policyStore.outputs.storeName
output AZURE_APPCONFIGURATION_ENDPOINT string = policyStore.outputs.endpoint
output BACKEND_APP_ID string = backendApi.outputs.appId
output BACKEND_API_IDENTIFIER_URI string = backendApiUri.outputs.identifierUri
output BACKEND_READ_ASSIGNED_BY_DEPLOYMENT bool = assignBackendReadRole
output FRONTEND_IDENTITY_PRINCIPAL_ID string = identities.outputs.frontend.principalId
output FRONTEND_IDENTITY_CLIENT_ID string = identities.outputs.frontend.clientId
output SEEDER_IDENTITY_PRINCIPAL_ID string = identities.outputs.seeder.principalId
output GATEWAY_PROBE_JOB_NAME string = gatewayProbe.outputs.name
output ENTRA_V1_ISSUER_BASE string = v1IssuerBase
