// The backend API's Entra app registration (app roles, v2 access tokens) and its service principal, both with
// explicit owners. Needs the Microsoft Graph Bicep extension. The frontend's Backend.Read assignment is a separate
// module (entra-backend-read.bicep), ordered later and optional.
extension microsoftGraphV1

@description('Alternate key of the app registration; makes the deployment idempotent.')
param uniqueName string

@description('Display name of the app registration.')
param displayName string

@description('App roles, shared with entra-identifier-uri.bicep so both declarations stay identical.')
param appRoles array

@description('Object ids of the owners of the registration and of its service principal: the deploying principal and the other deployer (see main.bicep).')
param owners array

resource app 'Microsoft.Graph/applications@v1.0' = {
  uniqueName: uniqueName
  displayName: displayName
  signInAudience: 'AzureADMyOrg'
  appRoles: appRoles
  api: {
    // v2 tokens: aud is always the appId, the issuer is https://login.microsoftonline.com/{tid}/v2.0.
    requestedAccessTokenVersion: 2
  }
  // Why owners (issue 12, defect 4): a pipeline holding Application.ReadWrite.OwnedBy may update only objects it
  // owns. Declared, the deploying principal is an owner whoever created the objects. The default "append"
  // semantics add the listed owners and remove none, so a person and the pipeline can both stay owners.
  owners: {
    relationships: owners
  }
  // identifierUris is set by entra-identifier-uri.bicep, once the appId is known (api://{appId}).
}

resource servicePrincipal 'Microsoft.Graph/servicePrincipals@v1.0' = {
  appId: app.appId
  // Only principals holding one of the app roles can get a token for the API at all.
  appRoleAssignmentRequired: true
  // The same owners, for the same reason: the service principal is a directory object of its own.
  owners: {
    relationships: owners
  }
}

output appId string = app.appId
output uniqueName string = app.uniqueName
output servicePrincipalId string = servicePrincipal.id
