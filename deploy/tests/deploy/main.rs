//! The deploy flow, end to end: the file set against the in-process mock
//! (`vercel_client::mock::Mock`), uploads and their failures against a local
//! HTTP server on 127.0.0.1 (`vercel_deploy::mock_server`).

mod support;

mod file_set;
mod follow;
mod uploads;
