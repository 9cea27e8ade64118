package io.stowage.transport.registry.internal;

import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * A host's TLS: the JDK's trusted CAs, or a CA bundle of the host's own (PEM), or no verification
 * when asked; a client certificate and PKCS#8 key (PEM) for mutual TLS. Built with the JDK's
 * certificate and key factories; files that do not parse are an error naming the file.
 */
record Tls(SSLContext context, SSLSocketFactory factory, HostnameVerifier verifier) {

    static Tls of(String host, boolean skipVerify, String caFile, String clientCert, String clientKey) {
        try {
            TrustManager[] trust = null;
            if (skipVerify) {
                trust = new TrustManager[] {new TrustingAll()};
            } else if (!caFile.isBlank()) {
                KeyStore cas = KeyStore.getInstance(KeyStore.getDefaultType());
                cas.load(null, null);
                int i = 0;
                for (Certificate c : certificates(host, caFile)) {
                    cas.setCertificateEntry("ca-" + i++, c);
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(cas);
                trust = tmf.getTrustManagers();
            }
            javax.net.ssl.KeyManager[] keys = null;
            if (!clientCert.isBlank()) {
                if (clientKey.isBlank()) {
                    throw new StowageException(Reason.INVALID, "registry host " + host + ": client.cert needs client.key");
                }
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                char[] none = new char[0];
                ks.setKeyEntry("client", privateKey(host, clientKey), none,
                        certificates(host, clientCert).toArray(new Certificate[0]));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, none);
                keys = kmf.getKeyManagers();
            }
            if (trust == null && keys == null) {
                return null;
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, new SecureRandom());
            return new Tls(context, context.getSocketFactory(), skipVerify ? (name, session) -> true : null);
        } catch (GeneralSecurityException | IOException e) {
            throw new StowageException(Reason.INVALID, "registry host " + host + ": TLS: " + e.getMessage(), e);
        }
    }

    private static Collection<? extends Certificate> certificates(String host, String file) throws IOException {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new StowageException(Reason.INVALID, "registry host " + host + ": no certificate in " + file);
            }
            return certs;
        } catch (java.security.cert.CertificateException e) {
            throw new StowageException(Reason.INVALID, "registry host " + host + ": " + file + ": " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(String host, String file) throws IOException {
        String pem = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new StowageException(Reason.INVALID, "registry host " + host + ": " + file
                    + ": not a PKCS#8 private key (BEGIN PRIVATE KEY); convert it with openssl pkcs8 -topk8 -nocrypt");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException tryNext) {
                // another algorithm
            }
        }
        throw new StowageException(Reason.INVALID, "registry host " + host + ": " + file + ": unsupported key algorithm");
    }

    /**
     * For skip.verify only: accepts every certificate, and, being an extended trust manager,
     * keeps the TLS engine from checking the host name too.
     */
    private static final class TrustingAll extends javax.net.ssl.X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
