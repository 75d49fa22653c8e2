#!/bin/bash
# Tests the deploy scripts against a fake `az` on the PATH: each test sets what the fake answers, runs one script,
# and checks its exit status, its output and the calls it made. Run by .ci/run; needs bash and jq.
set -euo pipefail
# shellcheck source=infra/scripts/fake-az-harness.sh
. "$(dirname "$0")/fake-az-harness.sh"

cat >"$work/bin/az" <<'FAKE'
#!/bin/bash
# Logs each call, one per line, and answers from FAKE_* variables.
printf '%s\n' "$*" >>"$FAKE_LOG"
case "$*" in
  "ad sp show --id $FAKE_PRINCIPAL --query servicePrincipalType"*) echo "${FAKE_PRINCIPAL_TYPE:-ManagedIdentity}" ;;
  "ad sp show --id $FAKE_APP_ID --query id"*) echo "${FAKE_SP_ID-}" ;;
  "ad sp show --id $FAKE_APP_ID --query appRoles"*) echo "${FAKE_ROLE_ID-}" ;;
  "cloud show"*) echo "https://graph.microsoft.com/" ;;
  "rest --method get"*) echo "${FAKE_EXISTING:-0}" ;;
  "rest --method post"*)
    if [ -n "${FAKE_POST_FAILS:-}" ] && [ ! -e "$FAKE_LOG.failed" ]; then
      touch "$FAKE_LOG.failed"
      echo "Bad Request: $FAKE_POST_FAILS" >&2
      exit 1
    fi
    ;;
  "deployment group create"*)
    if [ -n "${FAKE_DEPLOY_FAILS:-}" ] && [ "$(grep -c 'deployment group create' "$FAKE_LOG")" -le "${FAKE_DEPLOY_FAILURES:-1}" ]; then
      echo "$FAKE_DEPLOY_FAILS" >&2
      exit 1
    fi
    # As ARM answers: it may hand UPPER_CASE output names back camel-cased at the front (azurE_..., backenD_...).
    outputs='{"AZURE_NAME_PREFIX":{"type":"String","value":"apimoauth"},"BACKEND_APP_ID":{"type":"String","value":"app"}}'
    echo "${FAKE_OUTPUTS:-$outputs}"
    ;;
  "identity show"*) echo "${FAKE_SEEDER-seeder-oid}" ;;
  "keyvault list"*) echo "${FAKE_VAULT-/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kvx}" ;;
  "role assignment list"*) printf '%s' "${FAKE_ASSIGNMENTS:-}" ;;
  "containerapp ingress traffic show"*) printf '%s' "${FAKE_PREVIOUS:-}" ;;
  "containerapp revision list"*) printf '%s' "${FAKE_ACTIVE:-}" ;;
esac
FAKE
chmod +x "$work/bin/az"

export FAKE_APP_ID=11111111-1111-1111-1111-111111111111
export FAKE_PRINCIPAL=22222222-2222-2222-2222-222222222222
export FAKE_SP_ID=33333333-3333-3333-3333-333333333333
export FAKE_ROLE_ID=44444444-4444-4444-4444-444444444444
export GRANT_RETRY_PAUSE_SECONDS=0 PROVISION_RETRY_PAUSE_SECONDS=0

grant_args=(--backend-app-id "$FAKE_APP_ID" --frontend-principal-id "$FAKE_PRINCIPAL")

# ----- grant-backend-read.sh -----

name=grantWhenAssignmentMissingThenPostsTheFrontendIdentityAndBackendRead
run "$name" 0 grant-backend-read.sh "${grant_args[@]}"
check "$name" "posts to the API's appRoleAssignedTo" \
  logged "rest --method post --url https://graph.microsoft.com/v1.0/servicePrincipals/$FAKE_SP_ID/appRoleAssignedTo"
check "$name" "with principal, resource and role" \
  logged "\"principalId\":\"$FAKE_PRINCIPAL\",\"resourceId\":\"$FAKE_SP_ID\",\"appRoleId\":\"$FAKE_ROLE_ID\""

name=grantWhenAlreadyAssignedThenPostsNothing
FAKE_EXISTING=1 run "$name" 0 grant-backend-read.sh "${grant_args[@]}"
check "$name" "no post" not_logged "rest --method post"

name=grantWhenPrincipalIsNotAManagedIdentityThenRefused
FAKE_PRINCIPAL_TYPE=Application run "$name" 1 grant-backend-read.sh "${grant_args[@]}"
check "$name" "no post" not_logged "rest --method post"
check "$name" "says why" said "not a managed identity"

name=grantWhenIdIsNotAGuidThenRefusedBeforeAnyCall
run "$name" 2 grant-backend-read.sh --backend-app-id "not-a-guid" --frontend-principal-id "$FAKE_PRINCIPAL"
check "$name" "calls nothing" not_logged "ad sp"

name=grantWhenApiHasNoBackendReadRoleThenRefused
FAKE_ROLE_ID="" run "$name" 1 grant-backend-read.sh "${grant_args[@]}"
check "$name" "no post" not_logged "rest --method post"

name=grantWhenGraphDoesNotKnowTheIdentityYetThenRetried
FAKE_POST_FAILS="Not a valid reference update." run "$name" 0 grant-backend-read.sh "${grant_args[@]}"
check "$name" "posted twice" test "$(grep -c 'rest --method post' "$work/log")" -eq 2

name=grantWhenPostFailsOtherwiseThenNotRetried
FAKE_POST_FAILS="Insufficient privileges" run "$name" 1 grant-backend-read.sh "${grant_args[@]}"
check "$name" "posted once" test "$(grep -c 'rest --method post' "$work/log")" -eq 1

# ----- provision.sh -----

name=provisionWhenGraphReferenceNotValidThenRetriedOnce
FAKE_DEPLOY_FAILS="Not a valid reference update." run "$name" 0 provision.sh --resource-group rg \
  --outputs "$work/outputs" --name p
check "$name" "deployed twice" test "$(grep -c 'deployment group create' "$work/log")" -eq 2
check "$name" "writes the outputs" grep -qx "BACKEND_APP_ID=app" "$work/outputs"

name=provisionWhenArmReturnsOutputNamesInOddCasingThenWritesThemUpperCase
FAKE_OUTPUTS='{"azurE_CONTAINER_REGISTRY_NAME":{"type":"String","value":"crx"},"backenD_READ_ASSIGNED_BY_DEPLOYMENT":{"type":"Bool","value":false}}' \
  run "$name" 0 provision.sh --resource-group rg --outputs "$work/outputs"
check "$name" "the name main.bicep declares" grep -qx "AZURE_CONTAINER_REGISTRY_NAME=crx" "$work/outputs"
check "$name" "booleans as true/false" grep -qx "BACKEND_READ_ASSIGNED_BY_DEPLOYMENT=false" "$work/outputs"

name=provisionWhenOtherFailureThenNotRetried
FAKE_DEPLOY_FAILS="AuthorizationFailed" run "$name" 1 provision.sh --resource-group rg --outputs "$work/outputs"
check "$name" "deployed once" test "$(grep -c 'deployment group create' "$work/log")" -eq 1

name=provisionWhenRetryFailsTooThenFails
FAKE_DEPLOY_FAILS="Not a valid reference update." FAKE_DEPLOY_FAILURES=2 run "$name" 1 provision.sh \
  --resource-group rg --outputs "$work/outputs"
check "$name" "deployed twice, no more" test "$(grep -c 'deployment group create' "$work/log")" -eq 2

# ----- revoke-seeder-access.sh -----

name=revokeWhenSeederHoldsOfficerThenDeletesThatAssignment
FAKE_ASSIGNMENTS="/subscriptions/s/providers/Microsoft.Authorization/roleAssignments/ra1" run "$name" 0 \
  revoke-seeder-access.sh --resource-group rg
check "$name" "asks without Graph lookups" logged "role assignment list --scope .* --fill-principal-name false"
check "$name" "only the seeder's officer role" logged "principalId=='seeder-oid' && ends_with(roleDefinitionId"
check "$name" "deletes it" logged "role assignment delete --ids /subscriptions/s/providers/Microsoft.Authorization/roleAssignments/ra1"

name=revokeWhenNothingAssignedThenSucceedsDeletingNothing
run "$name" 0 revoke-seeder-access.sh --resource-group rg
check "$name" "deletes nothing" not_logged "role assignment delete"

name=revokeWhenNoResourceGroupThenRefused
AZURE_RESOURCE_GROUP="" run "$name" 1 revoke-seeder-access.sh
check "$name" "calls nothing" not_logged "role assignment"

# ----- smoke-test.sh --check-answer -----

cat >"$work/good.json" <<'JSON'
{"answer":{"message":"Hello, Ada!","caller":{"roles":["Backend.Read"],"tokenVersion":"2.0"}},
 "trace":[{"hop":"frontend","decision":"token acquired"},{"hop":"gateway","status":200,"decision":"forwarded"},
          {"hop":"backend","status":200,"decision":"allowed"}]}
JSON
jq '.trace |= map(select(.hop != "backend"))' "$work/good.json" >"$work/no-backend.json"
jq '.answer.caller.roles = ["Backend.Write"]' "$work/good.json" >"$work/wrong-role.json"

name=smokeWhenTraceShowsAllThreeHopsThenAnswerAccepted
run "$name" 0 smoke-test.sh --check-answer "$work/good.json"
name=smokeWhenBackendHopMissingThenAnswerRejected
run "$name" 1 smoke-test.sh --check-answer "$work/no-backend.json"
name=smokeWhenCallerLacksBackendReadThenAnswerRejected
run "$name" 1 smoke-test.sh --check-answer "$work/wrong-role.json"

# ----- promote.sh -----

name=promoteWhenSwitchedThenKeepsNewAndPreviousDeactivatesTheRest
FAKE_PREVIOUS=$'app--old\n' FAKE_ACTIVE=$'app--older\napp--old\napp--new\n' run "$name" 0 promote.sh \
  --resource-group rg app=app--new
check "$name" "all traffic to the new revision" logged "ingress traffic set --name app --resource-group rg --revision-weight app--new=100"
check "$name" "deactivates the older one" logged "revision deactivate --name app --resource-group rg --revision app--older"
check "$name" "keeps the previous one" not_logged "revision deactivate .*--revision app--old "
check "$name" "keeps the new one" not_logged "revision deactivate .*--revision app--new "

finish "deploy scripts"
