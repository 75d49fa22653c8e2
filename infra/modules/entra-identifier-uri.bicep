// Second declaration of the same app registration (same uniqueName), now with identifierUris = api://{appId}.
// The appId only exists once the first declaration (entra-backend-api.bicep) has run, and a resource cannot refer
// to its own properties, so the URI is added by this separate module that runs after it. Every other property is
// repeated unchanged, so whichever update semantics Graph applies, the registration ends up identical.
extension microsoftGraphV1

@description('Alternate key of the app registration created by entra-backend-api.bicep.')
param uniqueName string

@description('Display name, as in entra-backend-api.bicep.')
param displayName string

@description('App roles, as in entra-backend-api.bicep.')
param appRoles array

@description('The appId returned by entra-backend-api.bicep.')
param appId string

@description('Owners, as in entra-backend-api.bicep.')
param owners array

resource app 'Microsoft.Graph/applications@v1.0' = {
  uniqueName: uniqueName
  displayName: displayName
  signInAudience: 'AzureADMyOrg'
  appRoles: appRoles
  api: {
    requestedAccessTokenVersion: 2
  }
  // Repeated so this declaration cannot differ from the first one; appending owners that are there changes nothing.
  owners: {
    relationships: owners
  }
  // The default, "secure" form accepted by every identifierUris restriction policy.
  identifierUris: [
    'api://${appId}'
  ]
}

output identifierUri string = 'api://${app.appId}'
