// Lets each service's identity send its meters to Application Insights (issue 15): the services export them
// themselves, with Azure Monitor's OpenTelemetry exporter signed in as the app's managed identity, because the
// environment's managed OpenTelemetry agent takes traces and logs to Application Insights but not metrics.
// Monitoring Metrics Publisher on the one resource: it allows ingestion there and nothing else (no read, no other
// resource).
@description('Name of the Application Insights resource that receives the meters.')
param applicationInsightsName string

@description('Principal ids of the service identities that send meters.')
param publisherPrincipalIds array

// Monitoring Metrics Publisher (built-in role).
var metricsPublisherRoleId = '3913510d-42f4-4e42-8a64-420c390055eb'

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for principalId in publisherPrincipalIds: {
  name: guid(applicationInsights.id, principalId, metricsPublisherRoleId)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', metricsPublisherRoleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}]
