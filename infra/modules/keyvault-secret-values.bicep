// Creates the Key Vault secrets the services read, with random values, without any value ever passing through a
// parameter, an output or a log: a deployment script, running under a managed identity that holds Key Vault Secrets
// Officer on the vault, generates each value inside its container and writes it straight to the vault.
// A secret that already exists keeps its value (running callers are never broken by a re-deployment). A secret that
// was deleted but is still recoverable is left deleted, and the script fails naming it: the deletion may have been a
// revocation. Only recoverDeletedSecrets recovers it, with its old value. Rotation is a separate, deliberate act
// (see infra/README.md).
@description('Vault name.')
param vaultName string

@description('Names of the secrets to create when missing.')
param secretNames array

@description('Resource id of the user-assigned identity the script runs as.')
param seederIdentityId string

@description('Azure region of the script container.')
param location string

@description('Recover soft-deleted secrets with their old values; off, since deleting a secret may be how a key was revoked.')
param recoverDeletedSecrets bool = false

@description('Changes on every deployment so the script runs each time; it is idempotent.')
param forceUpdateTag string = utcNow()

param tags object = {}

resource seed 'Microsoft.Resources/deploymentScripts@2023-08-01' = {
  name: 'seed-keyvault-secrets'
  location: location
  tags: tags
  kind: 'AzureCLI'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${seederIdentityId}': {}
    }
  }
  properties: {
    azCliVersion: '2.61.0'
    scriptContent: loadTextContent('../scripts/seed-keyvault-secrets.sh')
    environmentVariables: [
      {
        name: 'VAULT_NAME'
        value: vaultName
      }
      {
        name: 'SECRET_NAMES'
        value: join(secretNames, ' ')
      }
      {
        name: 'RECOVER_DELETED'
        value: recoverDeletedSecrets ? 'true' : 'false'
      }
    ]
    forceUpdateTag: forceUpdateTag
    timeout: 'PT20M'
    retentionInterval: 'PT1H'
    cleanupPreference: 'OnSuccess'
  }
}

// No outputs: the script declares none, and nothing here reads a secret value.
