package io.github.apimoauth.emulator;

import java.text.ParseException;
import java.util.Map;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.data.appconfiguration.ConfigurationClient;
import com.azure.data.appconfiguration.ConfigurationClientBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.nimbusds.jwt.SignedJWT;

import io.github.apimoauth.emulator.junit.AzureEmulator;

/** The Azure SDK clients as a service builds them against the emulator: only the URLs and the trust differ. */
final class SdkClients {

    private SdkClients() {
    }

    static SecretClient secretClient(AzureEmulator emulator, TokenCredential credential) {
        return new SecretClientBuilder().vaultUrl(emulator.vaultUrl())
            .credential(credential)
            // A localhost vault cannot end in ".vault.azure.net", the challenge resource's host.
            .disableChallengeResourceVerification()
            .httpClient(new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(emulator.sslContext())).build())
            .buildClient();
    }

    static ConfigurationClient configurationClient(AzureEmulator emulator, TokenCredential credential) {
        return configurationClientBuilder(emulator).credential(credential).buildClient();
    }

    /** Without a credential: the caller adds one, or a connection string, and any retry options. */
    static ConfigurationClientBuilder configurationClientBuilder(AzureEmulator emulator) {
        return new ConfigurationClientBuilder().endpoint(emulator.appConfigurationEndpoint())
            .httpClient(new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(emulator.sslContext())).build());
    }

    static String token(TokenCredential credential, String scope) {
        return credential.getTokenSync(new TokenRequestContext().addScopes(scope)).getToken();
    }

    static Map<String, Object> claims(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet().getClaims();
        }
        catch (ParseException ex) {
            throw new AssertionError("Not a JWT", ex);
        }
    }

    static Map<String, Object> header(String token) {
        try {
            return SignedJWT.parse(token).getHeader().toJSONObject();
        }
        catch (ParseException ex) {
            throw new AssertionError("Not a JWT", ex);
        }
    }
}
