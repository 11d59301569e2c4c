//! Loading profiles: the shipped ones, the invalid fixtures, and what the examples say.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use ringbench::profile::{
    self, CompressionChoice, Pool, ProfileError, RetryChoice, Target, UsernameSource,
};
use scylla::statement::{Consistency, SerialConsistency};

#[test]
fn every_shipped_profile_loads_and_describes_itself() {
    for (name, _) in profile::shipped() {
        let loaded = match profile::open(name) {
            Ok(p) => p,
            Err(e) => panic!("shipped profile {name} does not load: {e}"),
        };
        assert_eq!(
            loaded.name, *name,
            "the file name and the `name:` of {name} differ"
        );
        assert!(!loaded.description.is_empty(), "{name} has no description");
        assert!(
            !loaded.description.contains('\n'),
            "{name}: description is not one line"
        );
    }
}

#[test]
fn every_file_in_profiles_is_shipped_with_the_same_text() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("profiles");
    let mut on_disk = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.map(|e| e.path()).unwrap_or_else(|e| panic!("{e}"));
        if path.extension().is_none_or(|x| x != "yaml") {
            continue;
        }
        on_disk += 1;
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
        match profile::shipped().iter().find(|(n, _)| *n == stem) {
            Some((_, shipped)) => assert_eq!(*shipped, text, "{stem}: embedded text is stale"),
            None => panic!("{} is not in profile::shipped()", path.display()),
        }
    }
    assert_eq!(on_disk, profile::shipped().len());
}

#[test]
fn the_default_is_one_embedded_node() {
    let p = profile::embedded_default().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.name, profile::DEFAULT_PROFILE);
    assert_eq!(
        p.target,
        Target::Embedded {
            nodes: 1,
            model: None
        }
    );
    assert_eq!(p.replication_override(), None);
}

#[test]
fn embedded_3node_replicates_three_times() {
    let p = profile::open("embedded-3node").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.embedded_nodes(), Some(3));
    let expected: BTreeMap<String, String> =
        [("class", "NetworkTopologyStrategy"), ("datacenter1", "3")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
    assert_eq!(p.replication_override(), Some(expected));
}

#[test]
fn the_cassandra_example_sets_every_knob() {
    let p = profile::open("cassandra-example").unwrap_or_else(|e| panic!("{e}"));
    let Target::Remote(remote) = &p.target else {
        panic!("cassandra-example is not a remote profile: {:?}", p.target);
    };
    assert_eq!(remote.contact_points.len(), 3);
    assert_eq!(remote.local_dc.as_deref(), Some("dc1"));
    let auth = remote
        .auth
        .as_ref()
        .unwrap_or_else(|| panic!("no auth in {remote:?}"));
    assert_eq!(auth.username, UsernameSource::Env("CASSANDRA_USER".into()));
    assert_eq!(auth.password_env, "CASSANDRA_PASSWORD");
    let tls = remote
        .tls
        .as_ref()
        .unwrap_or_else(|| panic!("no tls in {remote:?}"));
    assert!(tls.ca_file.ends_with("certs/cluster-ca.pem"));
    assert!(tls.verify_hostname);
    assert_eq!(p.consistency, Consistency::LocalQuorum);
    assert_eq!(p.serial_consistency, Some(SerialConsistency::LocalSerial));
    let d = &p.driver;
    assert_eq!(
        d.pool,
        Some(Pool::PerHost(
            2.try_into().unwrap_or_else(|e| panic!("{e}"))
        ))
    );
    assert_eq!(d.compression, CompressionChoice::Lz4);
    assert_eq!(d.request_timeout, Some(Duration::from_secs(12)));
    assert_eq!(d.retry, RetryChoice::Fallthrough);
    let spec = d
        .speculative_execution
        .unwrap_or_else(|| panic!("no speculative execution"));
    assert_eq!(
        (spec.max_retries, spec.delay),
        (1, Duration::from_millis(50))
    );
    assert!(d.routing.token_aware && d.routing.dc_aware && !d.routing.permit_dc_failover);
    assert_eq!(p.page_size(), Some(1000));
}

#[test]
fn relative_tls_paths_are_taken_from_the_profile_folder() {
    let text = "name: t\ncontact_points: [\"10.0.0.1\"]\ntls:\n  ca_file: certs/ca.pem\n  cert_file: /abs/client.pem\n  key_file: key.pem\n";
    let p = profile::load("conf/t.yaml", Some(Path::new("conf/t.yaml")), text)
        .unwrap_or_else(|e| panic!("{e}"));
    let Target::Remote(remote) = p.target else {
        panic!("not remote");
    };
    let tls = remote.tls.unwrap_or_else(|| panic!("no tls"));
    assert_eq!(tls.ca_file, Path::new("conf/certs/ca.pem"));
    let client = tls.client_cert.unwrap_or_else(|| panic!("no client cert"));
    assert_eq!(client.cert_file, Path::new("/abs/client.pem"));
    assert_eq!(client.key_file, Path::new("conf/key.pem"));
    assert_eq!(
        remote.contact_points,
        ["10.0.0.1:9042"],
        "port 9042 is added"
    );
}

/// Each fixture's first line is `# expect: <text>`; loading it must fail with an error that
/// contains that text (which starts with the file name, line and column).
#[test]
fn invalid_profiles_fail_with_their_positioned_message() {
    check_invalid_fixtures(Path::new("tests/profile/invalid"), 15);
}

/// The fixtures of the `model:` section (docs/profile.md, "The model section").
#[test]
fn invalid_model_sections_fail_with_their_positioned_message() {
    check_invalid_fixtures(Path::new("tests/data/profiles/model-invalid"), 20);
}

fn check_invalid_fixtures(dir: &Path, at_least: usize) {
    let mut checked = 0;
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.map(|e| e.path()).unwrap_or_else(|e| panic!("{e}"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
        let Some(expected) = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# expect: "))
        else {
            panic!("{} has no `# expect: ` first line", path.display());
        };
        checked += 1;
        let name = path.to_string_lossy().into_owned();
        match profile::open(&name) {
            Ok(p) => failures.push(format!("{name}: loaded as {p:?}")),
            Err(e @ ProfileError::Invalid { .. }) if e.to_string().contains(expected) => {}
            Err(e) => failures.push(format!("{name}:\n  expected: {expected}\n  actual:   {e}")),
        }
    }
    assert!(
        checked >= at_least,
        "only {checked} fixtures found in {}",
        dir.display()
    );
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn unknown_names_list_the_shipped_profiles() {
    let Err(e) = profile::open("embeded-1node") else {
        panic!("a misspelt profile name loaded");
    };
    let message = e.to_string();
    for (name, _) in profile::shipped() {
        assert!(message.contains(name), "{message}");
    }
    let Err(e) = profile::open("no/such/profile.yaml") else {
        panic!("a missing file loaded");
    };
    assert!(
        e.to_string()
            .contains("cannot read profile file no/such/profile.yaml"),
        "{e}"
    );
}

#[test]
fn profiles_never_hold_a_password_so_debug_and_json_cannot_show_one() {
    let p = profile::open("scylla-example").unwrap_or_else(|e| panic!("{e}"));
    let json = serde_json::to_string(&p).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        json.contains("SCYLLA_PASSWORD"),
        "the variable name is recorded: {json}"
    );
    assert!(json.contains("\"LOCAL_QUORUM\""), "{json}");
    assert!(json.contains("\"request_timeout\":\"10s\""), "{json}");
}

#[test]
fn list_shows_every_shipped_profile_with_its_description() {
    let text = ringbench::commands::list::render();
    for (name, _) in profile::shipped() {
        let p = profile::open(name).unwrap_or_else(|e| panic!("{e}"));
        let line = text
            .lines()
            .find(|l| l.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("{name} missing from:\n{text}"));
        assert!(line.contains(&p.description), "{line}");
    }
}

#[test]
fn list_shows_the_shipped_workloads_too() {
    let text = ringbench::commands::list::render();
    for (name, _) in ringbench::workload::shipped() {
        assert!(
            text.lines()
                .any(|l| l.split_whitespace().next() == Some(name)),
            "workload {name} missing from:\n{text}"
        );
    }
}

#[test]
fn contact_points_get_the_default_port_and_ipv6_brackets() {
    for (written, expected) in [
        ("10.0.0.1", "10.0.0.1:9042"),
        ("10.0.0.1:19042", "10.0.0.1:19042"),
        ("db.example.internal", "db.example.internal:9042"),
        ("::1", "[::1]:9042"),
        ("[fd00::7]:9142", "[fd00::7]:9142"),
        ("[fd00::7]", "[fd00::7]:9042"),
    ] {
        let text = format!("name: t\ncontact_points: [\"{written}\"]\n");
        let p = profile::load("t.yaml", None, &text).unwrap_or_else(|e| panic!("{written}: {e}"));
        let Target::Remote(remote) = p.target else {
            panic!("{written}: not remote");
        };
        assert_eq!(remote.contact_points, [expected], "written as {written}");
    }
    for bad in [
        "10.0.0.1:0",
        "[fd00::7",
        "[nonsense]:9042",
        "host:port",
        ":9042",
    ] {
        let text = format!("name: t\ncontact_points: [\"{bad}\"]\n");
        assert!(
            profile::load("t.yaml", None, &text).is_err(),
            "'{bad}' was accepted as a contact point"
        );
    }
}

/// What `ringbench run kv-mixed --profile embedded-3node` plans: the workload's keyspace
/// gets the profile's replication.
#[test]
fn the_replication_override_reaches_the_plan() {
    use clap::Parser;
    let cli = ringbench::cli::Cli::try_parse_from([
        "ringbench",
        "run",
        "kv-mixed",
        "--profile",
        "embedded-3node",
    ])
    .unwrap_or_else(|e| panic!("{e}"));
    let ringbench::cli::Command::Run(args) = cli.command else {
        panic!("not a run command");
    };
    let plan =
        ringbench::commands::run::plan(&args, Vec::new()).unwrap_or_else(|e| panic!("{e:#}"));
    let expected = profile::load_shipped("embedded-3node")
        .ok()
        .and_then(|p| p.replication_override());
    assert_eq!(Some(plan.workload.keyspace.replication), expected);
}
