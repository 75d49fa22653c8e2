// The one app role assignment of the deployment: the frontend's managed identity gets Backend.Read on the backend
// API. Deployed by main.bicep only with assignBackendReadRole=true, and only after the secret seeding (see main.bicep
// for both reasons). The deploying principal then needs AppRoleAssignment.ReadWrite.All and Application.Read.All
// (the least-privileged pair the Graph Bicep reference lists for Microsoft.Graph/appRoleAssignedTo).
extension microsoftGraphV1

@description('Object id of the backend API\'s service principal (the resource).')
param backendServicePrincipalId string

@description('Id of the Backend.Read app role.')
param backendReadRoleId string

@description('Principal (object) id of the frontend identity that gets Backend.Read.')
param frontendPrincipalId string

resource frontendBackendRead 'Microsoft.Graph/appRoleAssignedTo@v1.0' = {
  appRoleId: backendReadRoleId
  principalId: frontendPrincipalId
  resourceId: backendServicePrincipalId
}
