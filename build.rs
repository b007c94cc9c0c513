//! Compiles `proto/rolefit/v1/rolefit.proto` with protox (pure Rust, no
//! system `protoc`) and generates the tonic client and server from it.

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=proto");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    let fds = protox::compile(["proto/rolefit/v1/rolefit.proto"], ["proto"])?;
    let descriptor_path = out_dir.join("rolefit_descriptor.bin");
    std::fs::write(&descriptor_path, prost::Message::encode_to_vec(&fds))?;
    tonic_prost_build::configure()
        .file_descriptor_set_path(&descriptor_path)
        // Prost's codec, with undecodable requests answered INVALID_ARGUMENT.
        .codec_path("crate::service::codec::Codec")
        .compile_fds(fds)?;
    Ok(())
}
