//! `vercel-deploy-mock [ADDRESS]`: the local mock of the deploy endpoints
//! (`vercel_deploy::mock_server`) as a process, for benchmarks that deploy
//! to it with other tools. Prints its URL, then serves until killed.

fn main() -> std::io::Result<()> {
    let address = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:0".into());
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let config =
            vercel_deploy::mock_server::MockConfig { building_polls: 0, build_log: Vec::new(), ..Default::default() };
        let server = vercel_deploy::mock_server::MockServer::bind(&address, config).await?;
        println!("{}", server.url());
        std::future::pending::<()>().await;
        Ok(())
    })
}
