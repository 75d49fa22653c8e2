// The backend API's Entra app registration (app roles, v2 access tokens), its service principal, and the app role
// assignment that gives the frontend's managed identity Backend.Read. Needs the Microsoft Graph Bicep extension.
extension microsoftGraphV1

@description('Alternate key of the app registration; makes the deployment idempotent.')
param uniqueName string

@description('Display name of the app registration.')
param displayName string

@description('App roles, shared with entra-identifier-uri.bicep so both declarations stay identical.')
param appRoles array

@description('Id of the Backend.Read app role (one of appRoles).')
param backendReadRoleId string

@description('Principal (object) id of the frontend identity that gets Backend.Read.')
param frontendPrincipalId string

resource app 'Microsoft.Graph/applications@v1.0' = {
  uniqueName: uniqueName
  displayName: displayName
  signInAudience: 'AzureADMyOrg'
  appRoles: appRoles
  api: {
    // v2 tokens: aud is always the appId, the issuer is https://login.microsoftonline.com/{tid}/v2.0.
    requestedAccessTokenVersion: 2
  }
  // identifierUris is set by entra-identifier-uri.bicep, once the appId is known (api://{appId}).
}

resource servicePrincipal 'Microsoft.Graph/servicePrincipals@v1.0' = {
  appId: app.appId
  // Only principals holding one of the app roles can get a token for the API at all.
  appRoleAssignmentRequired: true
}

resource frontendBackendRead 'Microsoft.Graph/appRoleAssignedTo@v1.0' = {
  appRoleId: backendReadRoleId
  principalId: frontendPrincipalId
  resourceId: servicePrincipal.id
}

output appId string = app.appId
output uniqueName string = app.uniqueName
