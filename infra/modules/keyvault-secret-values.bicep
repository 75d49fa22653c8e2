// Creates the Key Vault secrets the services read, with random values, without any value ever passing through a
// parameter, an output or a log: a deployment script, running under the seeding identity (which holds Key Vault
// Secrets Officer on the vault only while a deployment runs, see keyvault-seeder-access.bicep), generates each value
// inside its container and writes it straight to the vault.
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

@description('Any new value runs the script once more (after a purge, say); empty or unchanged: it runs when the vault or the secret names change.')
param reseed string = ''

param tags object = {}

// Why a stable tag (issue 12, defect 6): forceUpdateTag was utcNow(), so every deployment ran the script again (and
// the former two-pass workflow ran it twice per run): each time Azure created a storage account and a container
// instance for it, and the seeder held its vault role while they came up. The script is idempotent, so running it
// again changes nothing. Now the tag changes only with what the script works on, the vault and the secret names, or
// with an explicit reseed value. Any other change of the script's properties (its text, RECOVER_DELETED) also
// runs it, as ARM then updates the resource. Azure deletes the finished script resource after retentionInterval, at
// most 26 hours; the next deployment after that runs it once more, which is harmless.
var seedTag = uniqueString(vaultName, join(secretNames, ','), reseed)

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
    forceUpdateTag: seedTag
    timeout: 'PT20M'
    // The longest Azure allows: within it, a deployment with the same tag does not run the script again.
    retentionInterval: 'PT26H'
    cleanupPreference: 'OnSuccess'
  }
}

// No outputs: the script declares none, and nothing here reads a secret value.
