package io.github.apimoauth.emulator.keys;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.apimoauth.emulator.config.DataDirectory;
import io.github.apimoauth.emulator.config.EmulatorProperties;
import io.github.apimoauth.emulator.config.Fingerprint;
import org.springframework.stereotype.Component;

/**
 * The Key Vault endpoint's self-signed TLS certificate, made at first start. The certificate is written as PEM where
 * clients can read it and trust it explicitly; nobody needs to turn verification off. It is made again when the
 * configured host name is not among its SANs, or when it is about to expire.
 */
@Component
public class TlsCertificate {

    public static final String CERTIFICATE_FILE = "tls/emulator-cert.pem";

    static final String KEY_FILE = "tls/emulator-key.pem";

    private static final Logger log = LoggerFactory.getLogger(TlsCertificate.class);

    private final DataDirectory dataDirectory;

    public TlsCertificate(DataDirectory dataDirectory, EmulatorProperties properties) {
        this.dataDirectory = dataDirectory;
        List<String> dnsNames = new ArrayList<>(List.of("localhost"));
        String host = properties.getTls().getHostName();
        if (host != null && !host.isBlank() && !dnsNames.contains(host)) {
            dnsNames.add(host.trim());
        }
        if (!existingCoversNames(dnsNames)) {
            KeyPair pair = Certificates.newRsaKeyPair();
            X509Certificate cert = Certificates.selfSigned(pair, "azure-emulator", Duration.ofDays(825), dnsNames, List.of("127.0.0.1"));
            dataDirectory.writePrivate(KEY_FILE, Certificates.toPem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            dataDirectory.writePublic(CERTIFICATE_FILE, pem(cert));
            log.info("Generated the Key Vault TLS certificate for {} and 127.0.0.1 at {}", dnsNames, certificatePath());
        }
    }

    public Path certificatePath() {
        return dataDirectory.resolve(CERTIFICATE_FILE);
    }

    public Path privateKeyPath() {
        return dataDirectory.resolve(KEY_FILE);
    }

    public String certificatePem() {
        return dataDirectory.read(CERTIFICATE_FILE).orElseThrow();
    }

    private boolean existingCoversNames(List<String> dnsNames) {
        Optional<String> pem = dataDirectory.read(CERTIFICATE_FILE);
        if (pem.isEmpty() || dataDirectory.read(KEY_FILE).isEmpty()) {
            return false;
        }
        try {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.get().getBytes(StandardCharsets.US_ASCII)));
            cert.checkValidity(new java.util.Date(System.currentTimeMillis() + Duration.ofDays(7).toMillis()));
            Set<String> names = new HashSet<>();
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                sans.forEach(san -> names.add(String.valueOf(san.get(1))));
            }
            boolean covers = names.containsAll(dnsNames) && names.contains("127.0.0.1");
            if (covers) {
                log.info("Using the Key Vault TLS certificate at {} (SHA-256 {})", certificatePath(), Fingerprint.of(pem.get()));
            }
            return covers;
        }
        catch (CertificateParsingException ex) {
            return false;
        }
        catch (Exception ex) {
            log.warn("The stored TLS certificate is unusable ({}); making a new one", ex.getMessage());
            return false;
        }
    }

    private static String pem(X509Certificate cert) {
        try {
            return Certificates.toPem("CERTIFICATE", cert.getEncoded());
        }
        catch (java.security.cert.CertificateEncodingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
