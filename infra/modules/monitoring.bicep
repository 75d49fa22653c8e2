// Log Analytics workspace: the destination of the Container Apps environment's logs. Application Insights, on the same
// workspace (workspace-based), receives the apps' traces through the environment's managed OpenTelemetry agent, so one
// Kusto query can join a trace (AppRequests, AppDependencies) with the console lines (ContainerAppConsoleLogs) that
// carry its trace id.
@description('Workspace name.')
param name string

@description('Application Insights resource name.')
param applicationInsightsName string

@description('Azure region.')
param location string

@description('Days to keep logs.')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

param tags object = {}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    // Workspace-based: the telemetry lands in the workspace's App* tables, kept as long as the workspace keeps data.
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
    // The managed OpenTelemetry agent sends with the connection string only: Application Insights must accept
    // ingestion without an Entra token, or it drops everything the agent sends ("Collect and read OpenTelemetry data
    // in Azure Container Apps"). Reading the data still needs an Azure role on the workspace or this resource.
    DisableLocalAuth: false
    publicNetworkAccessForIngestion: 'Enabled'
    publicNetworkAccessForQuery: 'Enabled'
  }
}

// Names and ids only: the connection string stays a property of the resource, which modules/environment.bicep reads
// itself, so no deployment's parameters or outputs ever hold it.
output workspaceId string = workspace.id
output workspaceName string = workspace.name
output applicationInsightsName string = applicationInsights.name
