//! Runtime for the generated Vercel client (placeholder; being written).
