// "Key Vault Secrets User" role assignments, each scoped to ONE secret (never to the whole vault).
@description('Vault name.')
param vaultName string

@description('Assignments: [{ principalId: string, secretName: string }].')
param assignments array

// Built-in role "Key Vault Secrets User".
var secretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: vaultName
}

resource secrets 'Microsoft.KeyVault/vaults/secrets@2023-07-01' existing = [for a in assignments: {
  parent: vault
  name: a.secretName
}]

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (a, i) in assignments: {
  name: guid(secrets[i].id, a.principalId, secretsUserRoleId)
  scope: secrets[i]
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUserRoleId)
    principalId: a.principalId
    principalType: 'ServicePrincipal'
  }
}]
