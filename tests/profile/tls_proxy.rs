//! A TLS-terminating TCP proxy in front of a reference node (which speaks plain TCP only), so
//! that TLS profiles can be tested against a real handshake: the node certificate and,
//! optionally, a required client certificate come from tests/profile/tls/.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::WebPkiClientVerifier;
use rustls::{RootCertStore, ServerConfig};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;

/// A fixture file of tests/profile/tls/.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/profile/tls")
        .join(name)
}

/// A running proxy; stops accepting when dropped.
pub struct TlsProxy {
    pub addr: SocketAddr,
    accept: JoinHandle<()>,
}

impl Drop for TlsProxy {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

fn certs(path: &Path) -> Vec<CertificateDer<'static>> {
    let iter =
        CertificateDer::pem_file_iter(path).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
    iter.collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()))
}

/// Serve TLS on 127.0.0.1 with the fixture certificate `server` (`server.pem` and
/// `server-key.pem`), forwarding plain bytes to `backend`. With `client_ca`, clients must
/// present a certificate that CA signed.
pub async fn start(backend: SocketAddr, server: &str, client_ca: Option<&str>) -> TlsProxy {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let key_path = fixture(&format!("{server}-key.pem"));
    let key = PrivateKeyDer::from_pem_file(&key_path)
        .unwrap_or_else(|e| panic!("{}: {e:?}", key_path.display()));
    let builder = ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .unwrap_or_else(|e| panic!("{e}"));
    let builder = match client_ca {
        None => builder.with_no_client_auth(),
        Some(ca) => {
            let mut roots = RootCertStore::empty();
            for cert in certs(&fixture(ca)) {
                roots.add(cert).unwrap_or_else(|e| panic!("{e}"));
            }
            let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider)
                .build()
                .unwrap_or_else(|e| panic!("{e}"));
            builder.with_client_cert_verifier(verifier)
        }
    };
    let config = builder
        .with_single_cert(certs(&fixture(&format!("{server}.pem"))), key)
        .unwrap_or_else(|e| panic!("{e}"));
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    let accept = tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                // A refused handshake just closes the connection, as a node would.
                let Ok(mut tls) = acceptor.accept(socket).await else {
                    return;
                };
                let Ok(mut node) = TcpStream::connect(backend).await else {
                    return;
                };
                let _ = tokio::io::copy_bidirectional(&mut tls, &mut node).await;
            });
        }
    });
    TlsProxy { addr, accept }
}
