// The three container apps, in call order backwards: backend (internal only), gateway (internal by default, see
// infra/README.md), frontend (external). Each gets only ids and URLs as environment variables.
@description('Azure region.')
param location string

@description('Prefix of the app names.')
param namePrefix string

param environmentId string
param registryServer string

@description('Image tag to run, e.g. the commit SHA.')
param imageTag string

@description('Key Vault URI, e.g. https://myvault.vault.azure.net/.')
param keyVaultUri string

@description('appId of the backend API app registration.')
param backendAppId string

@description('Identifier URI of the backend API, e.g. api://{appId}.')
param backendIdentifierUri string

@description('Identities: objects { id, name, clientId, principalId } from identities.bicep.')
param frontendIdentity object
param gatewayIdentity object
param backendIdentity object

@description('Entra authority host without trailing slash.')
param authorityHost string

@description('Base of v1 token issuers, without trailing slash.')
param v1IssuerBase string

param gatewayExternalIngress bool
param cpu string
param memory string
param minReplicas int
param maxReplicas int
param concurrentRequests int

@description('Key Vault secret names.')
param subscriptionKeyPrimarySecretName string
param functionKeySecretName string

param tags object = {}

var tenantId = subscription().tenantId

// Variables every service reads; AZURE_CLIENT_ID differs per app and is added below.
// The JVM options the images carry by default, stated here so a deployment shows and can change them: one file,
// docker/java-options, sized for the 1 GiB containers below (heap share, thread stacks, the serial collector).
var javaOptions = join(filter(split(replace(loadTextContent('../../docker/java-options'), '\r', ''), '\n'),
  line => !empty(trim(line)) && !startsWith(trim(line), '#')), ' ')

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
    name: 'ENTRA_AUTHORITY_HOST'
    value: authorityHost
  }
  {
    name: 'ENTRA_V1_ISSUER_BASE'
    value: v1IssuerBase
  }
  {
    name: 'AZURE_KEYVAULT_URL'
    value: keyVaultUri
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
]

var ports = {
  frontend: 8080
  gateway: 8081
  backend: 8082
}

module backend 'container-app.bicep' = {
  name: 'app-backend'
  params: {
    name: 'ca-${namePrefix}-backend'
    location: location
    tags: tags
    environmentId: environmentId
    identityId: backendIdentity.id
    registryServer: registryServer
    image: '${registryServer}/backend-service:${imageTag}'
    targetPort: ports.backend
    externalIngress: false
    cpu: cpu
    memory: memory
    minReplicas: minReplicas
    maxReplicas: maxReplicas
    concurrentRequests: concurrentRequests
    env: concat(commonEnv, [
      {
        name: 'AZURE_CLIENT_ID'
        value: backendIdentity.clientId
      }
      {
        name: 'SERVER_PORT'
        value: string(ports.backend)
      }
      {
        name: 'ALLOWED_TENANTS'
        value: tenantId
      }
      {
        // Easy Auth allowedApplications: the frontend identity's client id (azp / appid).
        name: 'ALLOWED_APPLICATIONS'
        value: frontendIdentity.clientId
      }
      {
        // Easy Auth allowedPrincipals: the frontend identity's service principal object id (oid).
        name: 'ALLOWED_PRINCIPALS'
        value: frontendIdentity.principalId
      }
      {
        name: 'FUNCTION_KEY_SECRET_NAME'
        value: functionKeySecretName
      }
    ])
  }
}

module gateway 'container-app.bicep' = {
  name: 'app-gateway'
  params: {
    name: 'ca-${namePrefix}-gateway'
    location: location
    tags: tags
    environmentId: environmentId
    identityId: gatewayIdentity.id
    registryServer: registryServer
    image: '${registryServer}/gateway-service:${imageTag}'
    targetPort: ports.gateway
    externalIngress: gatewayExternalIngress
    cpu: cpu
    memory: memory
    minReplicas: minReplicas
    maxReplicas: maxReplicas
    concurrentRequests: concurrentRequests
    env: concat(commonEnv, [
      {
        name: 'AZURE_CLIENT_ID'
        value: gatewayIdentity.clientId
      }
      {
        name: 'SERVER_PORT'
        value: string(ports.gateway)
      }
      {
        // The backend's internal ingress: https://<app>.internal.<environment default domain>.
        name: 'BACKEND_URL'
        value: 'https://${backend.outputs.fqdn}'
      }
      {
        // validate-azure-ad-token <client-application-ids>: only the frontend identity.
        name: 'APIM_CLIENT_APPLICATION_IDS'
        value: frontendIdentity.clientId
      }
    ])
  }
}

module frontend 'container-app.bicep' = {
  name: 'app-frontend'
  params: {
    name: 'ca-${namePrefix}-frontend'
    location: location
    tags: tags
    environmentId: environmentId
    identityId: frontendIdentity.id
    registryServer: registryServer
    image: '${registryServer}/frontend-service:${imageTag}'
    targetPort: ports.frontend
    externalIngress: true
    cpu: cpu
    memory: memory
    minReplicas: minReplicas
    maxReplicas: maxReplicas
    concurrentRequests: concurrentRequests
    env: concat(commonEnv, [
      {
        name: 'AZURE_CLIENT_ID'
        value: frontendIdentity.clientId
      }
      {
        name: 'SERVER_PORT'
        value: string(ports.frontend)
      }
      {
        name: 'GATEWAY_URL'
        value: 'https://${gateway.outputs.fqdn}/backend'
      }
      {
        name: 'BACKEND_SCOPE'
        value: '${backendIdentifierUri}/.default'
      }
      {
        name: 'SUBSCRIPTION_KEY_SECRET_NAME'
        value: subscriptionKeyPrimarySecretName
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
    ])
  }
}

output frontendAppName string = frontend.outputs.name
output gatewayAppName string = gateway.outputs.name
output backendAppName string = backend.outputs.name
output frontendUrl string = 'https://${frontend.outputs.fqdn}'
output gatewayUrl string = 'https://${gateway.outputs.fqdn}'
output backendUrl string = 'https://${backend.outputs.fqdn}'
