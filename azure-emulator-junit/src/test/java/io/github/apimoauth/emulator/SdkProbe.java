package io.github.apimoauth.emulator;

import java.nio.file.Path;

import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.DefaultAzureCredential;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretClientBuilder;

import io.github.apimoauth.emulator.config.Fingerprint;
import io.github.apimoauth.emulator.junit.AzureEmulator;

/**
 * What a service does at start-up, run in a child JVM whose real environment holds IDENTITY_ENDPOINT,
 * IDENTITY_HEADER and AZURE_CLIENT_ID, exactly as Container Apps sets them. Prints fingerprints, never values.
 * Arguments: vault URL, PEM certificate to trust, secret name, token scope.
 */
public final class SdkProbe {

    private SdkProbe() {
    }

    public static void main(String[] args) throws Exception {
        DefaultAzureCredential credential = new DefaultAzureCredentialBuilder().build();
        String token = credential.getTokenSync(new TokenRequestContext().addScopes(args[3])).getToken();
        System.out.println("TOKEN oid=" + SdkClients.claims(token).get("oid"));
        try {
            String value = new SecretClientBuilder().vaultUrl(args[0])
                .credential(credential)
                .disableChallengeResourceVerification()
                .httpClient(new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(AzureEmulator.trusting(Path.of(args[1])))).build())
                .buildClient()
                .getSecret(args[2])
                .getValue();
            System.out.println("SECRET sha256=" + Fingerprint.of(value));
        }
        catch (HttpResponseException ex) {
            System.out.println("SECRET status=" + ex.getResponse().getStatusCode());
        }
    }
}
