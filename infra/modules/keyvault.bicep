// Key Vault with Azure RBAC authorisation (no access policies), soft delete, and purge protection as a parameter.
// Nobody gets a vault-wide role here: the seeder's is temporary (keyvault-seeder-access.bicep), the services' are
// scoped to single secrets (keyvault-secret-access.bicep).
@description('Vault name: 3-24 letters, digits and hyphens, globally unique.')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Turn on purge protection. It cannot be turned off again once on, and keeps the vault name taken until the retention ends.')
param enablePurgeProtection bool = true

@description('Days a deleted vault or secret can be recovered.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int = 90

param tags object = {}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    // The API refuses false once purge protection is on, so "off" is expressed by leaving the property out.
    enablePurgeProtection: enablePurgeProtection ? true : null
    // The deployment script (Azure Container Instances) and the container apps reach the vault over its public
    // endpoint; every data-plane call still needs an Entra token and an RBAC role.
    publicNetworkAccess: 'Enabled'
  }
}

output vaultName string = vault.name
output vaultUri string = vault.properties.vaultUri
