// The seeding identity's access to the vault, for the length of a deployment only (issue 12, defect 8).
//
// Creating a secret that does not exist yet needs a role on the vault: a role scoped to one secret needs the secret to
// exist, and Key Vault has no role conditions that could narrow a vault-wide role to some secret names. So the seeder
// gets Key Vault Secrets Officer on the vault here, the seeding script runs, and the deployer deletes this assignment
// as soon as the deployment ends (infra/scripts/revoke-seeder-access.sh: the deploy workflow runs it after every
// provision, even a failed one, and azd runs it as its postprovision hook). Between deployments the seeder can
// neither read nor write any secret. The next deployment creates the assignment again, under the same name, for its
// own seeding run.
@description('Vault name.')
param vaultName string

@description('Principal (object) id of the seeding identity.')
param seederPrincipalId string

// Built-in role "Key Vault Secrets Officer".
var secretsOfficerRoleId = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: vaultName
}

resource seederIsSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, seederPrincipalId, secretsOfficerRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsOfficerRoleId)
    principalId: seederPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Temporary: for the secret-seeding deployment script; infra/scripts/revoke-seeder-access.sh deletes it after each deployment.'
  }
}

output roleAssignmentId string = seederIsSecretsOfficer.id
