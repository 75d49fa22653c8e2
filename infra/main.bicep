// apim-oauth-spring on Azure Container Apps: frontend -> gateway (APIM-like) -> backend, every hop authenticated with
// managed-identity tokens and Key Vault secrets. No secret value is a parameter or an output of this template.
//
// Deployed in two passes on a first deployment (see infra/README.md and .github/workflows/deploy.yml):
//   deployApps=false  platform, identities, RBAC, Key Vault secrets, Entra app registration (no container apps);
//   (images are built and pushed to the registry)
//   deployApps=true   the same, plus the three container apps on imageTag.
targetScope = 'resourceGroup'

@description('Short lowercase prefix of every resource name (letters and digits).')
@minLength(3)
@maxLength(9)
param namePrefix string = 'apimoauth'

@description('Azure region of every resource.')
param location string = resourceGroup().location

@description('false: everything but the container apps (first pass, before the images exist).')
param deployApps bool = true

@description('Image tag the container apps run (the commit SHA in CI). Used only when deployApps is true.')
param imageTag string = 'latest'

@description('Key Vault purge protection. Irreversible once on; leave off only for throw-away environments.')
param keyVaultPurgeProtection bool = true

@description('Days a deleted Key Vault or secret stays recoverable.')
@minValue(7)
@maxValue(90)
param keyVaultSoftDeleteRetentionInDays int = 90

@description('Recover soft-deleted secrets with their old values. Off: deleting a secret may be how a key was revoked, and a deployment must not bring it back.')
param recoverDeletedSecrets bool = false

@description('true: the gateway is reachable from the internet (like a public APIM); false: only from the frontend\'s environment.')
param gatewayExternalIngress bool = false

@description('CPU cores per container, as a string.')
param cpu string = '0.5'

@description('Memory per container.')
param memory string = '1Gi'

@minValue(0)
@maxValue(300)
param minReplicas int = 1

@minValue(1)
@maxValue(300)
param maxReplicas int = 3

@description('Concurrent HTTP requests per replica before the HTTP scale rule adds a replica.')
param concurrentRequests int = 50

@description('Base of v1 token issuers (https://sts.windows.net/{tid}/ in the public cloud), without trailing slash.')
param v1IssuerBase string = 'https://sts.windows.net'

@description('uniqueName (alternate key) of the backend API app registration; unique in the tenant.')
param backendAppUniqueName string = '${namePrefix}-backend-api-${uniqueString(resourceGroup().id)}'

param tags object = {
  project: 'apim-oauth-spring'
}

// ----- names -----

var suffix = uniqueString(resourceGroup().id)
var names = {
  workspace: 'log-${namePrefix}-${suffix}'
  environment: 'cae-${namePrefix}-${suffix}'
  registry: 'cr${namePrefix}${suffix}'
  keyVault: 'kv${namePrefix}${suffix}'
}

var secretNames = {
  subscriptionKeyPrimary: 'apim-subscription-key-primary'
  subscriptionKeySecondary: 'apim-subscription-key-secondary'
  functionKey: 'backend-function-key'
}

// Authority host without its trailing slash (https://login.microsoftonline.com in the public cloud).
var loginEndpoint = environment().authentication.loginEndpoint
var authorityHost = endsWith(loginEndpoint, '/') ? substring(loginEndpoint, 0, length(loginEndpoint) - 1) : loginEndpoint

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

// ----- platform -----

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    name: names.workspace
    location: location
    tags: tags
  }
}

module containerEnv 'modules/environment.bicep' = {
  name: 'environment'
  params: {
    name: names.environment
    location: location
    workspaceId: monitoring.outputs.workspaceId
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
    seederPrincipalId: identities.outputs.seeder.principalId
  }
}

module secretValues 'modules/keyvault-secret-values.bicep' = {
  name: 'keyvault-secret-values'
  params: {
    vaultName: keyVault.outputs.vaultName
    location: location
    tags: tags
    seederIdentityId: identities.outputs.seeder.id
    recoverDeletedSecrets: recoverDeletedSecrets
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

// ----- Entra ID -----

module backendApi 'modules/entra-backend-api.bicep' = {
  name: 'entra-backend-api'
  params: {
    uniqueName: backendAppUniqueName
    displayName: '${namePrefix} backend API'
    appRoles: backendAppRoles
    backendReadRoleId: backendReadRoleId
    frontendPrincipalId: identities.outputs.frontend.principalId
  }
}

module backendApiUri 'modules/entra-identifier-uri.bicep' = {
  name: 'entra-identifier-uri'
  params: {
    uniqueName: backendApi.outputs.uniqueName
    displayName: '${namePrefix} backend API'
    appRoles: backendAppRoles
    appId: backendApi.outputs.appId
  }
}

// ----- container apps (second pass) -----

module apps 'modules/apps.bicep' = if (deployApps) {
  name: 'apps'
  // The apps start reading Key Vault and pulling images at once: their role assignments must exist first.
  dependsOn: [
    registry
    secretAccess
  ]
  params: {
    location: location
    namePrefix: namePrefix
    tags: tags
    environmentId: containerEnv.outputs.environmentId
    registryServer: registry.outputs.loginServer
    imageTag: imageTag
    keyVaultUri: keyVault.outputs.vaultUri
    backendAppId: backendApi.outputs.appId
    backendIdentifierUri: backendApiUri.outputs.identifierUri
    frontendIdentity: identities.outputs.frontend
    gatewayIdentity: identities.outputs.gateway
    backendIdentity: identities.outputs.backend
    authorityHost: authorityHost
    v1IssuerBase: v1IssuerBase
    gatewayExternalIngress: gatewayExternalIngress
    cpu: cpu
    memory: memory
    minReplicas: minReplicas
    maxReplicas: maxReplicas
    concurrentRequests: concurrentRequests
    subscriptionKeyPrimarySecretName: secretNames.subscriptionKeyPrimary
    functionKeySecretName: secretNames.functionKey
  }
}

// ----- outputs: names and URLs only -----

output registryName string = registry.outputs.registryName
output registryLoginServer string = registry.outputs.loginServer
output keyVaultName string = keyVault.outputs.vaultName
output keyVaultUri string = keyVault.outputs.vaultUri
output environmentName string = containerEnv.outputs.environmentName
output frontendIdentityName string = identities.outputs.frontend.name
output backendApiIdentifierUri string = backendApiUri.outputs.identifierUri
output frontendAppName string = deployApps ? apps!.outputs.frontendAppName : ''
output gatewayAppName string = deployApps ? apps!.outputs.gatewayAppName : ''
output backendAppName string = deployApps ? apps!.outputs.backendAppName : ''
output frontendUrl string = deployApps ? apps!.outputs.frontendUrl : ''
output gatewayUrl string = deployApps ? apps!.outputs.gatewayUrl : ''
output backendUrl string = deployApps ? apps!.outputs.backendUrl : ''
