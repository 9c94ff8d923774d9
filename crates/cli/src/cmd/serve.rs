//! `runstrong serve` and bare `runstrong`: the web app. Binds the address
//! (127.0.0.1:7878 by default; a clear sentence naming the port when it is
//! taken), prints the URL and today's plan, and serves until Ctrl-C or
//! SIGTERM, then lets requests in flight finish and closes the store.
//! It answers only to localhost, loopback addresses, the address it is
//! reached on and the names given with `--allow-host` (the web crate's
//! `guard` has the rule).
//!
//! "Today" for the web app is read on every request, so a server left
//! running past midnight moves on to the next day; `RUNSTRONG_TODAY` pins it,
//! as for every other command.

use std::net::SocketAddr;

use crate::context::{Context, Failure};

/// The address used when none is given.
pub const DEFAULT_BIND: &str = "127.0.0.1:7878";

/// Serves on `bind`, also answering to the host names `allow_hosts`.
pub async fn run(
    context: Context,
    bind: SocketAddr,
    allow_hosts: &[String],
) -> Result<(), Failure> {
    let listener = web::bind(bind)
        .await
        .map_err(|e| Failure::failed(e.to_string()))?;
    let addr = listener.local_addr().unwrap_or(bind);
    let Context { app, ui } = context;
    let today = app.today().await?;

    let host = if addr.ip().is_unspecified() {
        "localhost".to_string()
    } else if addr.is_ipv6() {
        format!("[{}]", addr.ip())
    } else {
        addr.ip().to_string()
    };
    let style = ui.style();
    outln!(
        "runstrong is running at {}",
        style.bold(&format!("http://{host}:{}/", addr.port()))
    )?;
    if !addr.ip().is_loopback() {
        eprintln!(
            "warning: listening on {addr}, beyond this computer; local mode has no login, so anyone who can reach this address can read and change your data"
        );
    }
    if !ui.quiet {
        outln!()?;
        out!("{}", crate::cmd::today::render(&today.prescription, style))?;
        out!(
            "{}",
            crate::cmd::today::render_running(&today.prescription.running, style)
        )?;
    }
    outln!("\nPress Ctrl-C to stop.")?;

    let state = web::AppState::new(app.clone(), addr).with_allowed_hosts(allow_hosts);
    let served = web::serve(listener, state, shutdown_signal()).await;
    app.close().await;
    served.map_err(|e| Failure::failed(e.to_string()))?;
    outln!("Stopped; everything is saved.")?;
    Ok(())
}

/// Completes on Ctrl-C, or SIGTERM on Unix.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    {
        let term = async {
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(mut signal) => {
                    signal.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            () = ctrl_c => {}
            () = term => {}
        }
    }
    #[cfg(not(unix))]
    ctrl_c.await;
}
