// One service's container app: backend (internal only), gateway (internal by default, see infra/README.md) or
// frontend (external). Deployed after infra/main.bicep, once per service and in call order backwards (backend,
// gateway, frontend), on an image that is already in the registry:
//   - by azd (`azd deploy`/`azd up`): infra/<service>.bicepparam is azd's "deployment module" for that service, and
//     azd passes the image it pushed as SERVICE_<SERVICE>_IMAGE_NAME;
//   - by .github/workflows/deploy.yml, with the same .bicepparam files and the same variables.
// So the apps are created on their real image the first time, and no pass of the platform template runs twice.
//
// rollout picks how a new revision goes live:
//   replace    one active revision, replaced at once (azd's developer loop);
//   candidate  the new revision starts with no traffic: the traffic split in force is carried over, and the deploy
//              workflow moves it to the new revision only after its smoke test passed, so a bad image is never
//              served (issue 12, "Revisions"). A candidate calls the candidate revision of the app it calls, by that
//              revision's own address, so the smoke test exercises the whole new chain before anything switches.
// Each app gets only ids and URLs as environment variables: no Container Apps secret, no key.
targetScope = 'resourceGroup'

import { resourceNames, secretNames } from 'modules/names.bicep'

@description('Which service this deployment is for.')
@allowed([
  'backend'
  'gateway'
  'frontend'
])
param service string

@description('Prefix of every resource name: the one infra/main.bicep got.')
@minLength(3)
@maxLength(9)
param namePrefix string = 'apimoauth'

@description('Azure region.')
param location string = resourceGroup().location

// No default (issue 12, defect 5): the parameter files read SERVICE_<SERVICE>_IMAGE_NAME without a fallback, so a
// deployment without an image stops before it starts, naming the variable, instead of asking for a "latest" tag
// that CI never pushes.
@description('Full image reference in the registry, e.g. crapimoauthxyz.azurecr.io/gateway-service:<commit sha>.')
@minLength(1)
param image string

@description('replace: one revision, replaced at once. candidate: a new revision at 0% traffic, switched after the smoke test.')
@allowed([
  'replace'
  'candidate'
])
param rollout string = 'replace'

@description('Whether the app exists already (candidate rollout: its traffic split in force is carried over).')
param exists bool = false

@description('Revision suffix, e.g. sha-<12 hex digits of the commit>; empty: Container Apps picks one.')
param revisionSuffix string = ''

@description('appId of the backend API app registration (infra/main.bicep\'s BACKEND_APP_ID output).')
@minLength(36)
param backendAppId string

@description('Base of v1 token issuers, without trailing slash.')
param v1IssuerBase string = 'https://sts.windows.net'

@description('true: the gateway is reachable from the internet (like a public APIM); false: only from the frontend\'s environment.')
param gatewayExternalIngress bool = false

@description('CPU cores per container, as a string (0.5 pairs with 1Gi).')
param cpu string = '0.5'

@description('Memory per container.')
param memory string = '1Gi'

@minValue(0)
@maxValue(300)
param minReplicas int = 1

@minValue(1)
@maxValue(300)
param maxReplicas int = 3

@description('Concurrent HTTP requests per replica before the HTTP scale rule adds a replica.')
param concurrentRequests int = 50

param tags object = {
  project: 'apim-oauth-spring'
}

var names = resourceNames(namePrefix, resourceGroup().id)
var candidate = rollout == 'candidate'
var appName = names.apps[service]
var tenantId = subscription().tenantId

// Authority host without its trailing slash (https://login.microsoftonline.com in the public cloud).
var loginEndpoint = environment().authentication.loginEndpoint
var authorityHost = endsWith(loginEndpoint, '/') ? substring(loginEndpoint, 0, length(loginEndpoint) - 1) : loginEndpoint

var ports = {
  frontend: 8080
  gateway: 8081
  backend: 8082
}

// ----- what infra/main.bicep made, found by name -----

resource managedEnvironment 'Microsoft.App/managedEnvironments@2024-03-01' existing = {
  name: names.environment
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' existing = {
  name: names.registry
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: names.keyVault
}

resource policyStore 'Microsoft.AppConfiguration/configurationStores@2024-06-01' existing = {
  name: names.appConfiguration
}

// Its connection string goes into the app's secrets below, read from the resource here: no parameter or output of any
// deployment holds it.
resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: names.applicationInsights
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: names.identities[service]
}

resource frontendIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: names.identities.frontend
}

// The app this one calls, deployed just before it: the gateway for the frontend, the backend for the gateway.
resource callee 'Microsoft.App/containerApps@2024-03-01' existing = if (service != 'backend') {
  name: service == 'frontend' ? names.apps.gateway : names.apps.backend
}

// A candidate calls the callee's newest revision by its own address (<app>--<suffix>.<domain>), which answers even
// at 0% traffic; a replaced app calls the callee's app address, which follows its traffic.
var calleeRevisionHost = service == 'backend' ? '' : callee!.properties.latestRevisionFqdn
var calleeAppHost = service == 'backend' ? '' : callee!.properties.configuration.ingress.fqdn
var calleeHost = candidate ? calleeRevisionHost : calleeAppHost

// ----- traffic -----

module state 'modules/container-app-state.bicep' = {
  name: '${appName}-state'
  params: {
    name: appName
    exists: candidate && exists
  }
}

// Candidate: the split in force stays as it is, so the new revision gets nothing. An entry that follows the latest
// revision (every split azd or a first deployment leaves) is pinned to the revision it serves now, or the new
// revision would take it over at once. The very first revision of an app takes all traffic: nothing else exists.
var latestReady = state.outputs.latestReadyRevisionName
var pinnedTraffic = map(state.outputs.traffic, entry => (entry.?latestRevision ?? false) ? { revisionName: latestReady, weight: entry.weight } : entry)
var keepTraffic = candidate && exists && !empty(latestReady)
var traffic = keepTraffic ? pinnedTraffic : [
  {
    latestRevision: true
    weight: 100
  }
]

// ----- environment variables -----

// The JVM options the images carry by default, stated here so a deployment shows and can change them: one file,
// docker/java-options, sized for the 1 GiB containers below (heap share, thread stacks, the serial collector).
var javaOptions = join(filter(split(replace(loadTextContent('../docker/java-options'), '\r', ''), '\n'),
  line => !empty(trim(line)) && !startsWith(trim(line), '#')), ' ')

// Variables every service reads.
var commonEnv = [
  {
    name: 'JAVA_OPTS'
    value: javaOptions
  }
  {
    name: 'AZURE_TENANT_ID'
    value: tenantId
  }
  {
    name: 'AZURE_CLIENT_ID'
    value: identity.properties.clientId
  }
  {
    name: 'SERVER_PORT'
    value: string(ports[service])
  }
  {
    name: 'ENTRA_AUTHORITY_HOST'
    value: authorityHost
  }
  {
    name: 'ENTRA_V1_ISSUER_BASE'
    value: v1IssuerBase
  }
  {
    name: 'AZURE_KEYVAULT_URL'
    value: vault.properties.vaultUri
  }
  {
    name: 'BACKEND_APP_ID'
    value: backendAppId
  }
  {
    // DefaultAzureCredential: go straight to the managed identity.
    name: 'AZURE_TOKEN_CREDENTIALS'
    value: 'ManagedIdentityCredential'
  }
  {
    // The service's meters go to Application Insights with Azure Monitor's exporter, signed in as the app's identity
    // (Monitoring Metrics Publisher, infra/modules/monitoring-metrics-access.bicep); the connection string only names
    // the resource. A Container Apps secret, so the app's template shows a reference, not the string.
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    secretRef: 'appinsights-connection-string'
  }
  {
    // Spring Boot's structured console logs (logging.structured.format.console): one JSON object per line, which Log
    // Analytics parses into fields instead of a multi-line text blob. Locally the variable is unset: readable lines.
    name: 'LOGGING_STRUCTURED_FORMAT_CONSOLE'
    value: 'ecs'
  }
]

var serviceEnv = {
  backend: [
    {
      name: 'ALLOWED_TENANTS'
      value: tenantId
    }
    {
      // Easy Auth allowedApplications: the frontend identity's client id (azp / appid).
      name: 'ALLOWED_APPLICATIONS'
      value: frontendIdentity.properties.clientId
    }
    {
      // Easy Auth allowedPrincipals: the frontend identity's service principal object id (oid).
      name: 'ALLOWED_PRINCIPALS'
      value: frontendIdentity.properties.principalId
    }
    {
      name: 'FUNCTION_KEY_SECRET_NAME'
      value: secretNames.functionKey
    }
    {
      // The caller policy (issue 14), read with this app's identity and reloaded while running: revocations, role
      // restrictions, and allowlists that replace the three above where the store has them. No label: the store
      // belongs to this deployment alone, so its key-values carry the null label (az appconfig's default).
      name: 'AZURE_APPCONFIGURATION_ENDPOINT'
      value: policyStore.properties.endpoint
    }
  ]
  gateway: [
    {
      // The backend's internal ingress: https://<app>[--<revision suffix>].internal.<environment default domain>.
      name: 'BACKEND_URL'
      value: 'https://${calleeHost}'
    }
    {
      // validate-azure-ad-token <client-application-ids>: only the frontend identity.
      name: 'APIM_CLIENT_APPLICATION_IDS'
      value: frontendIdentity.properties.clientId
    }
    {
      // The secret names come from modules/names.bicep like the vault's (issue 12, defect 7): the gateway's
      // application.yml only has today's names as defaults.
      name: 'SUBSCRIPTION_KEY_PRIMARY_SECRET_NAME'
      value: secretNames.subscriptionKeyPrimary
    }
    {
      name: 'SUBSCRIPTION_KEY_SECONDARY_SECRET_NAME'
      value: secretNames.subscriptionKeySecondary
    }
    {
      name: 'FUNCTION_KEY_SECRET_NAME'
      value: secretNames.functionKey
    }
    {
      // The caller policy (issue 14), as for the backend; its client application ids replace the ones above.
      name: 'AZURE_APPCONFIGURATION_ENDPOINT'
      value: policyStore.properties.endpoint
    }
  ]
  frontend: [
    {
      name: 'GATEWAY_URL'
      value: 'https://${calleeHost}/backend'
    }
    {
      name: 'BACKEND_SCOPE'
      value: 'api://${backendAppId}/.default'
    }
    {
      name: 'SUBSCRIPTION_KEY_SECRET_NAME'
      value: secretNames.subscriptionKeyPrimary
    }
    {
      // The public endpoint's answers carry no tenant, object or client id, and no secret name or version.
      name: 'FRONTEND_TRACE_DETAIL'
      value: 'summary'
    }
    {
      // The Container Apps ingress is the one proxy in front: it appends the client's address to X-Forwarded-For
      // as the right-most entry, and that entry is the one the per-address rate limit counts.
      name: 'FRONTEND_RATE_LIMIT_TRUSTED_PROXIES'
      value: '1'
    }
  ]
}

// ----- the app -----

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: appName
  location: location
  // azd-service-name: how azd finds the app of a service (azd show, azd deploy without a deployment module).
  tags: union(tags, {
    'azd-service-name': service
  })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    environmentId: managedEnvironment.id
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: candidate ? 'Multiple' : 'Single'
      ingress: {
        external: service == 'frontend' || (service == 'gateway' && gatewayExternalIngress)
        targetPort: ports[service]
        transport: 'auto'
        allowInsecure: false
        traffic: traffic
      }
      secrets: [
        {
          name: 'appinsights-connection-string'
          value: applicationInsights.properties.ConnectionString
        }
      ]
      registries: [
        {
          server: registry.properties.loginServer
          identity: identity.id
        }
      ]
    }
    template: {
      revisionSuffix: empty(revisionSuffix) ? null : revisionSuffix
      containers: [
        {
          name: appName
          image: image
          env: concat(commonEnv, serviceEnv[service])
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
                // Boot's probe paths on the app's own port (add-additional-paths): the actuator itself listens on the
                // management port (MANAGEMENT_SERVER_PORT, 9080-9082), which the ingress never exposes: no
                // additionalPortMappings.
                path: '/livez'
                port: ports[service]
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
                path: '/livez'
                port: ports[service]
                scheme: 'HTTP'
              }
              periodSeconds: 10
              timeoutSeconds: 3
              failureThreshold: 3
            }
            {
              type: 'Readiness'
              httpGet: {
                path: '/readyz'
                port: ports[service]
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

// ----- outputs: names and addresses only -----
// Read from each deployment by the deploy workflow. azd keeps the last deployment's (the frontend's) in its
// environment, and lists every service's address itself, finding the apps by their azd-service-name tag.

output appName string = app.name
output url string = 'https://${app.properties.configuration.ingress.fqdn}'
output revisionName string = app.properties.latestRevisionName
output revisionUrl string = 'https://${app.properties.latestRevisionFqdn}'
