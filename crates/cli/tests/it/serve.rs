//! `runstrong serve`: prints its address and today's plan, answers HTTP,
//! stops cleanly on SIGTERM, and names the port when it is already taken.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Stdio;

use crate::harness::{Env, TODAY};

#[test]
fn serve_prints_the_address_and_plan_answers_and_stops_on_sigterm() {
    let env = Env::new();
    let mut child = env
        .command(&["serve", "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start runstrong serve");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut printed = String::new();
    let mut address = None;
    while address.is_none() {
        let mut line = String::new();
        assert!(
            stdout.read_line(&mut line).expect("read") > 0,
            "serve stopped early: {printed}"
        );
        printed.push_str(&line);
        address = line
            .split("http://")
            .nth(1)
            .map(|rest| rest.trim().trim_end_matches('/').to_string());
    }
    let address = address.expect("address");
    assert!(address.starts_with("127.0.0.1:"), "{address}");
    while !printed.contains("Ctrl-C") {
        let mut line = String::new();
        if stdout.read_line(&mut line).expect("read") == 0 {
            break;
        }
        printed.push_str(&line);
    }
    assert!(printed.contains("Active Shoulder Bridge"), "{printed}");

    let mut socket = TcpStream::connect(&address).expect("connect");
    socket
        .write_all(b"GET /api/v1/today HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .expect("write");
    let mut reply = String::new();
    socket.read_to_string(&mut reply).expect("read");
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(reply.contains(&format!("\"date\":\"{TODAY}\"")), "{reply}");

    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let status = child.wait().expect("wait");
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).expect("read");
    assert_eq!(status.code(), Some(0), "{rest}");
    assert!(rest.contains("Stopped"), "{rest}");
}

#[test]
fn a_second_server_on_a_port_in_use_names_the_port() {
    let env = Env::new();
    let taken = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port();
    let stderr = env.fails(&["serve", "--bind", &format!("127.0.0.1:{port}")], 1);
    assert!(stderr.contains(&format!("port {port}")), "{stderr}");
    assert!(stderr.contains("already in use"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "one sentence: {stderr}");
}

#[test]
fn a_malformed_bind_address_is_a_usage_error() {
    let env = Env::new();
    let stderr = env.fails(&["serve", "--bind", "my-laptop"], 2);
    assert!(stderr.contains("is not an address"), "{stderr}");
}

/// One request with `Host: host` to the server at `address`; the status line.
fn status_for_host(address: &str, host: &str) -> String {
    let mut socket = TcpStream::connect(address).expect("connect");
    let request =
        format!("GET /api/v1/stats HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    socket.write_all(request.as_bytes()).expect("write");
    let mut reply = String::new();
    socket.read_to_string(&mut reply).expect("read");
    reply.lines().next().unwrap_or("").to_string()
}

#[test]
fn serve_answers_only_to_its_own_names_and_those_allowed() {
    let env = Env::new();
    // Names come from the flag and from the config file alike.
    let config = env.path("config/runstrong/config.toml");
    std::fs::create_dir_all(config.parent().expect("config folder")).expect("config folder");
    std::fs::write(&config, "allow_hosts = [\"phone.lan\"]\n").expect("config file");
    let mut child = env
        .command(&[
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--allow-host",
            "Laptop.Local.",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start runstrong serve");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut address = None;
    while address.is_none() {
        let mut line = String::new();
        assert!(
            stdout.read_line(&mut line).expect("read") > 0,
            "serve stopped early"
        );
        address = line
            .split("http://")
            .nth(1)
            .map(|rest| rest.trim().trim_end_matches('/').to_string());
    }
    let address = address.expect("address");
    let port = address.rsplit(':').next().unwrap_or("");
    for (host, status) in [
        (format!("localhost:{port}"), "200"),
        (address.clone(), "200"),
        ("laptop.local".to_string(), "200"),
        ("phone.lan".to_string(), "200"),
        (format!("evil.example:{port}"), "421"),
        ("laptop.local.evil.example".to_string(), "421"),
    ] {
        let line = status_for_host(&address, &host);
        assert!(
            line.starts_with(&format!("HTTP/1.1 {status}")),
            "{host}: {line}"
        );
    }
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn a_malformed_allowed_host_is_a_usage_error() {
    let env = Env::new();
    for name in ["http://laptop.local", "laptop.local:8080", "*", ""] {
        let stderr = env.fails(&["serve", "--allow-host", name], 2);
        assert!(stderr.contains("is not a host name"), "{name}: {stderr}");
    }
}
