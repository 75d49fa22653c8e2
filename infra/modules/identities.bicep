// One user-assigned managed identity per service, plus one for the deployment script that seeds Key Vault secrets.
@description('Prefix of the identity names.')
param namePrefix string

@description('Azure region.')
param location string

param tags object = {}

var names = [
  'frontend'
  'gateway'
  'backend'
  'secrets-seeder'
]

resource identities 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = [for n in names: {
  name: 'id-${namePrefix}-${n}'
  location: location
  tags: tags
}]

// Ids only: client ids and principal ids are identifiers, not credentials.
output frontend object = {
  id: identities[0].id
  name: identities[0].name
  clientId: identities[0].properties.clientId
  principalId: identities[0].properties.principalId
}
output gateway object = {
  id: identities[1].id
  name: identities[1].name
  clientId: identities[1].properties.clientId
  principalId: identities[1].properties.principalId
}
output backend object = {
  id: identities[2].id
  name: identities[2].name
  clientId: identities[2].properties.clientId
  principalId: identities[2].properties.principalId
}
output seeder object = {
  id: identities[3].id
  name: identities[3].name
  clientId: identities[3].properties.clientId
  principalId: identities[3].properties.principalId
}
