// Reads a container app's current traffic split and latest ready revision, for infra/app.bicep to carry over.
// A module of its own, as azd's templates do: a template that reads a resource it also deploys makes ARM wait for
// the deployment before the read, so app.bicep would see its own new traffic instead of the one in force.
@description('Container app name.')
param name string

@description('Whether the app exists; false: nothing is read and empty values come back.')
param exists bool

resource app 'Microsoft.App/containerApps@2024-03-01' existing = if (exists) {
  name: name
}

output traffic array = exists ? (app!.properties.configuration.?ingress.?traffic ?? []) : []
output latestReadyRevisionName string = exists ? (app!.properties.?latestReadyRevisionName ?? '') : ''
