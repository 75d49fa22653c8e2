// Names shared by infra/main.bicep (provision) and infra/app.bicep (one container app per deployment). Both derive
// every name from the prefix and the resource group, so app.bicep finds the environment, registry, vault, App
// Configuration store and identities main.bicep made without a single name travelling through parameters or
// environment variables.

@export()
@description('Every resource name of a deployment, from the name prefix and the resource group id.')
func resourceNames(namePrefix string, resourceGroupId string) object => {
  workspace: 'log-${namePrefix}-${uniqueString(resourceGroupId)}'
  applicationInsights: 'appi-${namePrefix}-${uniqueString(resourceGroupId)}'
  environment: 'cae-${namePrefix}-${uniqueString(resourceGroupId)}'
  registry: 'cr${namePrefix}${uniqueString(resourceGroupId)}'
  keyVault: 'kv${namePrefix}${uniqueString(resourceGroupId)}'
  appConfiguration: 'appcs-${namePrefix}-${uniqueString(resourceGroupId)}'
  probeJob: 'job-${namePrefix}-gateway-probe'
  identities: {
    frontend: 'id-${namePrefix}-frontend'
    gateway: 'id-${namePrefix}-gateway'
    backend: 'id-${namePrefix}-backend'
    seeder: 'id-${namePrefix}-secrets-seeder'
  }
  apps: {
    frontend: 'ca-${namePrefix}-frontend'
    gateway: 'ca-${namePrefix}-gateway'
    backend: 'ca-${namePrefix}-backend'
  }
}

// The Key Vault secrets. One list for the vault, the per-secret role assignments and the apps' *_SECRET_NAME
// variables: a rename here reaches the frontend, the gateway and the backend together (issue 12, defect 7).
@export()
var secretNames = {
  subscriptionKeyPrimary: 'apim-subscription-key-primary'
  subscriptionKeySecondary: 'apim-subscription-key-secondary'
  functionKey: 'backend-function-key'
}
