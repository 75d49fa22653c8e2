package io.github.apimoauth.emulator.keys;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Self-signed certificates for the token-signing keys (x5c, x5t) and for the Key Vault TLS endpoint. */
public final class Certificates {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Certificates() {
    }

    public static KeyPair newRsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            return generator.generateKeyPair();
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("RSA key generation failed", ex);
        }
    }

    /**
     * A self-signed certificate. With DNS names or IP addresses it is a TLS server certificate carrying them as
     * SANs; without, it only wraps a signing key, as Entra publishes its keys in x5c.
     */
    public static X509Certificate selfSigned(KeyPair keyPair, String commonName, Duration validity, List<String> dnsNames,
            List<String> ipAddresses) {
        try {
            Instant now = Instant.now();
            X500Name subject = new X500Name("CN=" + commonName);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, RANDOM).abs().add(BigInteger.ONE), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(validity)), subject, keyPair.getPublic());
            List<GeneralName> sans = new ArrayList<>();
            dnsNames.forEach(n -> sans.add(new GeneralName(GeneralName.dNSName, n)));
            ipAddresses.forEach(ip -> sans.add(new GeneralName(GeneralName.iPAddress, ip)));
            if (!sans.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            }
            // The TLS certificate is its own trust anchor: clients trust exactly this certificate, nothing it could sign.
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        }
        catch (Exception ex) {
            throw new IllegalStateException("Cannot create a self-signed certificate for " + commonName, ex);
        }
    }

    /** The x5t value: base64url of the certificate's SHA-1 thumbprint, which Entra also uses as the kid. */
    public static String sha1Thumbprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("Cannot compute a certificate thumbprint", ex);
        }
    }

    public static String toPem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
