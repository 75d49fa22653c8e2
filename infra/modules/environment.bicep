// Container Apps environment (workload-profiles type, Consumption profile). Logs go to Azure Monitor and, through a
// diagnostic setting, to the Log Analytics workspace: no workspace shared key is handed to the environment.
//
// The environment's managed OpenTelemetry agent (issue 15) takes the apps' OTLP data and sends traces and logs to
// Application Insights. The platform injects OTEL_EXPORTER_OTLP_ENDPOINT (the agent, gRPC on 4317) and
// OTEL_EXPORTER_OTLP_PROTOCOL=grpc into every app; the services export their spans there whenever that variable is set.
// Metrics do not go through the agent: its Application Insights destination accepts logs and traces only. Each app
// sends its own meters to Application Insights with Azure Monitor's exporter, as its managed identity (app.bicep's
// APPLICATIONINSIGHTS_CONNECTION_STRING, modules/monitoring-metrics-access.bicep); infra/README.md, "Observability in
// Azure", has the queries.
//
// API version: appInsightsConfiguration and openTelemetryConfiguration exist only in the preview API versions of
// Microsoft.App/managedEnvironments; the stable ones (2025-07-01, 2026-01-01) lack them. 2025-10-02-preview is the
// newest preview the REST API specification publishes as JSON.
@description('Environment name.')
param name string

@description('Azure region.')
param location string

@description('Resource id of the Log Analytics workspace.')
param workspaceId string

@description('Name of the Application Insights resource (workspace-based) that receives the apps\' traces.')
param applicationInsightsName string

param tags object = {}

// Read here, not passed in: the connection string never becomes a parameter or an output of any deployment.
resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource managedEnvironment 'Microsoft.App/managedEnvironments@2025-10-02-preview' = {
  name: name
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'azure-monitor'
    }
    // A secret property (x-ms-secret): ARM never returns it on a read.
    appInsightsConfiguration: {
      connectionString: applicationInsights.properties.ConnectionString
    }
    openTelemetryConfiguration: {
      tracesConfiguration: {
        destinations: [
          'appInsights'
        ]
      }
      // Only what an app exports over OTLP; the services' console lines keep reaching ContainerAppConsoleLogs through
      // appLogsConfiguration above either way.
      logsConfiguration: {
        destinations: [
          'appInsights'
        ]
      }
      // No metricsConfiguration: Application Insights is not a metrics destination of the agent; the apps send their
      // meters themselves. See the header.
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
    ]
    zoneRedundant: false
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: managedEnvironment
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'ContainerAppConsoleLogs'
        enabled: true
      }
      {
        category: 'ContainerAppSystemLogs'
        enabled: true
      }
    ]
  }
}

output environmentId string = managedEnvironment.id
output environmentName string = managedEnvironment.name
output defaultDomain string = managedEnvironment.properties.defaultDomain
