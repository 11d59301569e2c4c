//! TLS for a remote profile: a rustls client configuration that trusts exactly the profile's
//! CA file (not the system store: a benchmark must talk to the cluster it was pointed at),
//! with an optional client certificate.
//!
//! The scylla driver connects to each node by IP address and asks rustls to check the
//! certificate against that IP. Many clusters' certificates carry host names only, so
//! `verify_hostname: false` keeps the chain verification against the CA and accepts a
//! certificate whose names do not include the address; nothing else is relaxed.
//!
//! Crypto provider: aws-lc-rs. The scylla driver's `rustls-023` feature enables rustls'
//! default features, which always build aws-lc-rs; using the same provider avoids compiling a
//! second one (ring) and the ambiguity rustls has when both are present.

use std::path::Path;
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};

use super::error::ProfileError;
use super::model::Tls;

/// Build the client configuration for `tls`; every file problem names the file and the fix.
pub fn client_config(profile: &str, tls: &Tls) -> Result<Arc<ClientConfig>, ProfileError> {
    let fail =
        |what: &'static str, path: &Path, problem: String, fix: &'static str| ProfileError::Tls {
            profile: profile.to_string(),
            what,
            path: path.to_path_buf(),
            problem,
            fix,
        };
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());

    let ca_fix = "point tls.ca_file at the PEM file of the CA that signed the nodes' certificates";
    let mut roots = RootCertStore::empty();
    for cert in read_certs(&tls.ca_file).map_err(|p| fail("CA file", &tls.ca_file, p, ca_fix))? {
        roots.add(cert).map_err(|e| {
            fail(
                "CA file",
                &tls.ca_file,
                format!("not a usable CA certificate ({e})"),
                ca_fix,
            )
        })?;
    }
    let webpki = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .map_err(|e| fail("CA file", &tls.ca_file, e.to_string(), ca_fix))?;

    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| fail("CA file", &tls.ca_file, e.to_string(), ca_fix))?;
    let builder = if tls.verify_hostname {
        builder.with_webpki_verifier(webpki)
    } else {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(ChainOnly { inner: webpki }))
    };

    let config = match &tls.client_cert {
        None => builder.with_no_client_auth(),
        Some(client) => {
            let cert_fix = "point tls.cert_file at the client certificate (PEM) the nodes trust";
            let key_fix =
                "point tls.key_file at the client certificate's private key (PEM, unencrypted)";
            let chain = read_certs(&client.cert_file)
                .map_err(|p| fail("client certificate", &client.cert_file, p, cert_fix))?;
            let key = PrivateKeyDer::from_pem_file(&client.key_file)
                .map_err(|e| fail("client key", &client.key_file, pem_problem(e), key_fix))?;
            builder
                .with_client_auth_cert(chain, key)
                .map_err(|e| fail("client key", &client.key_file, e.to_string(), key_fix))?
        }
    };
    Ok(Arc::new(config))
}

/// Every certificate of a PEM file; at least one.
fn read_certs(path: &Path) -> Result<Vec<CertificateDer<'static>>, String> {
    let certs = CertificateDer::pem_file_iter(path)
        .map_err(pem_problem)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(pem_problem)?;
    if certs.is_empty() {
        return Err("no PEM certificate (-----BEGIN CERTIFICATE-----) in it".into());
    }
    Ok(certs)
}

fn pem_problem(e: rustls::pki_types::pem::Error) -> String {
    match e {
        rustls::pki_types::pem::Error::Io(io) => io.to_string(),
        rustls::pki_types::pem::Error::NoItemsFound => {
            "no PEM item of the expected kind in it".into()
        }
        other => format!("not valid PEM ({other:?})"),
    }
}

/// Verifies the certificate chain against the CA like webpki does, but accepts a certificate
/// whose subject names do not include the address connected to.
#[derive(Debug)]
struct ChainOnly {
    inner: Arc<WebPkiServerVerifier>,
}

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self.inner.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        ) {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}
