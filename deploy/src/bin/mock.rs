//! `vercel-deploy-mock [ADDRESS [UPLOAD_LATENCY_MS]]`: the local mock of the
//! deploy endpoints (`vercel_deploy::mock_server`) as a process, for
//! benchmarks that deploy to it with other tools. Prints its URL, then
//! serves until killed. `UPLOAD_LATENCY_MS` delays each upload's answer
//! ([`MockConfig::upload_latency`](vercel_deploy::mock_server::MockConfig::upload_latency)).

fn main() -> std::io::Result<()> {
    let address = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:0".into());
    let latency = match std::env::args().nth(2).map(|ms| ms.parse::<u64>()) {
        None => 0,
        Some(Ok(ms)) => ms,
        Some(Err(e)) => {
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, format!("UPLOAD_LATENCY_MS: {e}")))
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let config = vercel_deploy::mock_server::MockConfig {
            building_polls: 0,
            build_log: Vec::new(),
            upload_latency: std::time::Duration::from_millis(latency),
            ..Default::default()
        };
        let server = vercel_deploy::mock_server::MockServer::bind(&address, config).await?;
        println!("{}", server.url());
        std::future::pending::<()>().await;
        Ok(())
    })
}
