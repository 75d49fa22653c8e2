// One container app: a user-assigned identity (also used to pull from ACR), HTTP ingress, probes on the Spring Boot
// actuator health groups, an HTTP scale rule. Plain environment variables only: the apps hold no secret, they read
// Key Vault themselves with their identity.
@description('Container app name.')
param name string

@description('Azure region.')
param location string

@description('Resource id of the Container Apps environment.')
param environmentId string

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Registry login server, e.g. myregistry.azurecr.io.')
param registryServer string

@description('Full image reference, e.g. myregistry.azurecr.io/backend-service:sha.')
param image string

@description('Port the application listens on.')
param targetPort int

@description('true: reachable from the internet; false: only from apps in the same environment.')
param externalIngress bool

@description('Environment variables: [{ name, value }]. Never secrets.')
param env array

@description('CPU cores, as a string (e.g. "0.5").')
param cpu string = '0.5'

@description('Memory, e.g. "1Gi" (must pair with cpu as Container Apps allows: 0.5 -> 1Gi).')
param memory string = '1Gi'

@minValue(0)
@maxValue(300)
param minReplicas int = 1

@minValue(1)
@maxValue(300)
param maxReplicas int = 3

@description('Concurrent HTTP requests per replica before scaling out.')
param concurrentRequests int = 50

param tags object = {}

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: environmentId
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: externalIngress
        targetPort: targetPort
        transport: 'auto'
        allowInsecure: false
      }
      registries: [
        {
          server: registryServer
          identity: identityId
        }
      ]
    }
    template: {
      containers: [
        {
          name: name
          image: image
          env: env
          resources: {
            cpu: json(cpu)
            memory: memory
          }
          probes: [
            {
              // Spring Boot on half a core needs time to start: the startup probe allows up to ~2 minutes before the
              // liveness probe takes over.
              type: 'Startup'
              httpGet: {
                path: '/actuator/health/liveness'
                port: targetPort
                scheme: 'HTTP'
              }
              initialDelaySeconds: 10
              periodSeconds: 10
              timeoutSeconds: 3
              failureThreshold: 10
            }
            {
              type: 'Liveness'
              httpGet: {
                path: '/actuator/health/liveness'
                port: targetPort
                scheme: 'HTTP'
              }
              periodSeconds: 10
              timeoutSeconds: 3
              failureThreshold: 3
            }
            {
              type: 'Readiness'
              httpGet: {
                path: '/actuator/health/readiness'
                port: targetPort
                scheme: 'HTTP'
              }
              periodSeconds: 10
              timeoutSeconds: 3
              failureThreshold: 3
              successThreshold: 1
            }
          ]
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [
          {
            name: 'http-concurrency'
            http: {
              metadata: {
                concurrentRequests: string(concurrentRequests)
              }
            }
          }
        ]
      }
    }
  }
}

output name string = app.name
output fqdn string = app.properties.configuration.ingress.fqdn
