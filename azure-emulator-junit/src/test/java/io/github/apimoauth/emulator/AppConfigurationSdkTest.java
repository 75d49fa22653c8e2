package io.github.apimoauth.emulator;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.MatchConditions;
import com.azure.core.http.rest.PagedResponse;
import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.data.appconfiguration.ConfigurationClient;
import com.azure.data.appconfiguration.models.ConfigurationSetting;
import com.azure.data.appconfiguration.models.SettingSelector;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.apimoauth.emulator.junit.AzureEmulator;
import io.github.apimoauth.emulator.junit.AzureEmulatorExtension;
import io.github.apimoauth.emulator.junit.ManagedIdentityEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real azure-data-appconfiguration SDK, unmodified, against the emulated store, as the operator (Data Owner):
 * key-values with and without labels, listing by filters over several pages, conditional reads and writes with
 * ETags, read-only locks, and the Sync-Token the SDK echoes.
 */
@ExtendWith(AzureEmulatorExtension.class)
class AppConfigurationSdkTest {

    private final AzureEmulator emulator;

    /** Every test writes under a key prefix of its own, so tests on the shared store never see each other's keys. */
    private final String prefix = "sdk-test:" + UUID.randomUUID() + ":";

    AppConfigurationSdkTest(AzureEmulator emulator) {
        this.emulator = emulator;
    }

    @BeforeEach
    void identityEndpoint() {
        ManagedIdentityEnvironment.apply(Map.of("IDENTITY_ENDPOINT", emulator.identityEndpoint(), "IDENTITY_HEADER",
                emulator.sharedIdentityHeader()));
    }

    @AfterEach
    void restoreEnvironment() {
        ManagedIdentityEnvironment.clear();
    }

    private ConfigurationClient operator() {
        TokenCredential credential = new ManagedIdentityCredentialBuilder().clientId(emulator.identity("operator").clientId()).build();
        return SdkClients.configurationClient(emulator, credential);
    }

    @Test
    void setWhenLabelsDifferThenEachLabelKeepsItsOwnValueAndListFiltersByKeyAndLabel() {
        ConfigurationClient client = operator();

        ConfigurationSetting unlabelled = client.setConfigurationSetting(prefix + "color", null, "blue");
        client.setConfigurationSetting(prefix + "color", "prod", "red");
        client.setConfigurationSetting(prefix + "size", "prod", "large");

        assertThat(unlabelled.getLabel()).isNull();
        assertThat(unlabelled.getETag()).hasSize(27);
        assertThat(unlabelled.getLastModified()).isNotNull();
        assertThat(unlabelled.isReadOnly()).isFalse();
        assertThat(client.getConfigurationSetting(prefix + "color", null).getValue()).isEqualTo("blue");
        assertThat(client.getConfigurationSetting(prefix + "color", "prod").getValue()).isEqualTo("red");
        assertThat(client.listConfigurationSettings(new SettingSelector().setKeyFilter(prefix + "*")).stream()
            .map(s -> s.getKey().substring(prefix.length()) + "/" + s.getLabel()))
            .containsExactly("color/null", "color/prod", "size/prod");
        assertThat(client.listConfigurationSettings(new SettingSelector().setKeyFilter(prefix + "*").setLabelFilter("prod"))
            .stream().map(ConfigurationSetting::getValue)).containsExactly("red", "large");
        assertThat(client.listConfigurationSettings(new SettingSelector().setKeyFilter(prefix + "*").setLabelFilter("\0"))
            .stream().map(ConfigurationSetting::getValue)).containsExactly("blue");
    }

    @Test
    void setWhenContentTypeAndTagsGivenThenGetReturnsThem() {
        ConfigurationClient client = operator();

        client.setConfigurationSetting(new ConfigurationSetting().setKey(prefix + "doc").setValue("{\"reason\":\"leak\"}")
            .setContentType("application/json").setTags(Map.of("owner", "ops")));

        ConfigurationSetting read = client.getConfigurationSetting(prefix + "doc", null);
        assertThat(read.getContentType()).isEqualTo("application/json");
        assertThat(read.getTags()).containsEntry("owner", "ops");
        assertThat(read.getValue()).isEqualTo("{\"reason\":\"leak\"}");
    }

    @Test
    void deleteWhenKeyValueExistsThenLabelledOneIsGoneAndOthersStay() {
        ConfigurationClient client = operator();
        client.setConfigurationSetting(prefix + "gone", "prod", "1");
        client.setConfigurationSetting(prefix + "gone", null, "2");

        ConfigurationSetting deleted = client.deleteConfigurationSetting(prefix + "gone", "prod");

        assertThat(deleted.getValue()).isEqualTo("1");
        assertThat(client.getConfigurationSetting(prefix + "gone", null).getValue()).isEqualTo("2");
        assertThatThrownBy(() -> client.getConfigurationSetting(prefix + "gone", "prod"))
            .isInstanceOfSatisfying(HttpResponseException.class, ex -> {
                assertThat(ex.getResponse().getStatusCode()).isEqualTo(404);
                assertThat(ex.getMessage()).contains("\"title\":\"Not Found\"").contains("with label 'prod'");
            });
        assertThat(client.deleteConfigurationSettingWithResponse(new ConfigurationSetting().setKey(prefix + "never"), false,
                Context.NONE).getStatusCode()).isEqualTo(204);
    }

    @Test
    void getWhenIfNoneMatchHoldsCurrentEtagThenNotModifiedAndAfterChangeThenNewValue() {
        ConfigurationClient client = operator();
        ConfigurationSetting sentinel = client.setConfigurationSetting(prefix + "sentinel", null, "\"1\"");

        Response<ConfigurationSetting> unchanged = client.getConfigurationSettingWithResponse(sentinel, null, true, Context.NONE);
        client.setConfigurationSetting(prefix + "sentinel", null, "\"2\"");
        Response<ConfigurationSetting> changed = client.getConfigurationSettingWithResponse(sentinel, null, true, Context.NONE);

        assertThat(unchanged.getStatusCode()).isEqualTo(304);
        assertThat(unchanged.getValue()).isNull();
        assertThat(unchanged.getHeaders().getValue("ETag")).isEqualTo("\"" + sentinel.getETag() + "\"");
        assertThat(changed.getStatusCode()).isEqualTo(200);
        assertThat(changed.getValue().getValue()).isEqualTo("\"2\"");
        assertThat(changed.getValue().getETag()).isNotEqualTo(sentinel.getETag());
        assertThat(changed.getHeaders().getValue("Sync-Token")).matches("emulator=[A-Za-z0-9+/=]+;sn=\\d+");
        @SuppressWarnings("unchecked")
        Map<String, Long> notModified = (Map<String, Long>) emulator.counters().get("appConfigurationNotModified");
        assertThat(notModified).containsEntry(prefix + "sentinel", 1L);
    }

    @Test
    void setWhenIfMatchHoldsStaleEtagThenPreconditionFailedAndValueKept() {
        ConfigurationClient client = operator();
        ConfigurationSetting first = client.setConfigurationSetting(prefix + "guarded", null, "first");
        client.setConfigurationSetting(prefix + "guarded", null, "second");

        assertThatThrownBy(() -> client.setConfigurationSettingWithResponse(first.setValue("stale"), true, Context.NONE))
            .isInstanceOfSatisfying(HttpResponseException.class, ex -> {
                assertThat(ex.getResponse().getStatusCode()).isEqualTo(412);
                assertThat(ex.getMessage()).contains("\"title\":\"Precondition Failed\"").contains("does not match If-Match");
            });
        assertThat(client.getConfigurationSetting(prefix + "guarded", null).getValue()).isEqualTo("second");
    }

    @Test
    void addWhenKeyValueExistsThenPreconditionFailed() {
        ConfigurationClient client = operator();
        client.addConfigurationSetting(prefix + "once", null, "first");

        assertThatThrownBy(() -> client.addConfigurationSetting(prefix + "once", null, "again"))
            .isInstanceOfSatisfying(HttpResponseException.class, ex -> {
                assertThat(ex.getResponse().getStatusCode()).isEqualTo(412);
                assertThat(ex.getMessage()).contains("If-None-Match");
            });
    }

    @Test
    void listWhenMoreThanOnePageThenSdkFollowsNextLinkAndPageEtagsAnswerNotModified() {
        for (int i = 0; i < 130; i++) {
            emulator.setKeyValue(String.format("%spage:%03d", prefix, i), null, "v" + i, null);
        }
        ConfigurationClient client = operator();
        SettingSelector selector = new SettingSelector().setKeyFilter(prefix + "page:*");

        List<PagedResponse<ConfigurationSetting>> pages = client.listConfigurationSettings(selector).streamByPage().toList();

        assertThat(pages).hasSize(2);
        assertThat(pages.get(0).getValue()).hasSize(100);
        assertThat(pages.get(0).getContinuationToken()).startsWith("/kv?").contains("after=");
        assertThat(pages.stream().flatMap(p -> p.getValue().stream()).map(ConfigurationSetting::getValue))
            .hasSize(130).startsWith("v0", "v1").endsWith("v129");
        List<MatchConditions> held = pages.stream().map(p -> new MatchConditions().setIfNoneMatch(p.getHeaders().getValue("ETag"))).toList();
        List<Integer> statuses = client.listConfigurationSettings(selector.setMatchConditions(held)).streamByPage()
            .map(PagedResponse::getStatusCode).toList();
        assertThat(statuses).containsExactly(304, 304);
    }

    @Test
    void setWhenKeyValueIsReadOnlyThenConflictKeyLocked() {
        ConfigurationClient client = operator();
        client.setConfigurationSetting(prefix + "locked", null, "fixed");
        assertThat(client.setReadOnly(prefix + "locked", null, true).isReadOnly()).isTrue();

        assertThatThrownBy(() -> client.setConfigurationSetting(prefix + "locked", null, "changed"))
            .isInstanceOfSatisfying(HttpResponseException.class, ex -> {
                assertThat(ex.getResponse().getStatusCode()).isEqualTo(409);
                assertThat(ex.getMessage()).contains("https://azconfig.io/errors/key-locked").contains("read-only");
            });
        client.setReadOnly(prefix + "locked", null, false);
        assertThat(client.setConfigurationSetting(prefix + "locked", null, "changed").getValue()).isEqualTo("changed");
    }
}
