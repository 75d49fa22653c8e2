// Parameters for infra/main.bicep. No secret here, or anywhere: secret values are generated inside Azure.
// Values that differ between azd, the deploy workflow and a person come from environment variables (azd passes its
// environment, `azd env set NAME value`; the workflow sets them from repository variables). Defaults in brackets.
using 'main.bicep'

// AZURE_NAME_PREFIX [apimoauth]: prefix of every resource name; infra/app.bicep reads the same variable.
param namePrefix = readEnvironmentVariable('AZURE_NAME_PREFIX', 'apimoauth')

// KEY_VAULT_PURGE_PROTECTION [true]: false only for throw-away environments (irreversible once on).
param keyVaultPurgeProtection = bool(readEnvironmentVariable('KEY_VAULT_PURGE_PROTECTION', 'true'))
param keyVaultSoftDeleteRetentionInDays = 90

// APP_CONFIGURATION_PURGE_PROTECTION [true]: the caller policy store's; false only for throw-away environments.
param appConfigurationPurgeProtection = bool(readEnvironmentVariable('APP_CONFIGURATION_PURGE_PROTECTION', 'true'))

// RECOVER_DELETED_SECRETS [false]: recover soft-deleted secrets with their OLD values (a deletion may be a revocation).
param recoverDeletedSecrets = bool(readEnvironmentVariable('RECOVER_DELETED_SECRETS', 'false'))

// RESEED_SECRETS [empty]: any new value runs the secret-seeding script once more (after purging a secret, say).
param reseed = readEnvironmentVariable('RESEED_SECRETS', '')

// ASSIGN_BACKEND_READ_ROLE [true]: false when the deploying principal lacks AppRoleAssignment.ReadWrite.All; an
// administrator then runs infra/scripts/grant-backend-read.sh once. The deploy workflow sets false by default.
param assignBackendReadRole = bool(readEnvironmentVariable('ASSIGN_BACKEND_READ_ROLE', 'true'))

// DEPLOYER_PRINCIPAL_TYPE [User]: who runs this deployment, for its App Configuration Data Owner role on the caller
// policy: User (a person, azd) or ServicePrincipal (the deploy workflow sets it, as would azd run by a pipeline).
param deployerPrincipalType = readEnvironmentVariable('DEPLOYER_PRINCIPAL_TYPE', 'User')

// ENTRA_APP_OWNER_IDS [empty]: comma-separated object ids (no spaces) of further owners of the backend API app
// registration and service principal: the pipeline's service principal when a person deploys, or the reverse.
var owners = readEnvironmentVariable('ENTRA_APP_OWNER_IDS', '')
param entraAppOwnerIds = empty(owners) ? [] : split(owners, ',')

// ENTRA_V1_ISSUER_BASE [https://sts.windows.net]: base of v1 token issuers (another cloud has another).
param v1IssuerBase = readEnvironmentVariable('ENTRA_V1_ISSUER_BASE', 'https://sts.windows.net')
