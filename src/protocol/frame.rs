//! Frames: a u32 big-endian length, then the body. Oversized lengths are refused before any
//! allocation, so a hostile or confused peer cannot make the daemon reserve gigabytes.

use std::io::{self, Read, Write};

/// Largest frame a client may send (DESIGN §6).
pub const MAX_REQUEST_FRAME: usize = 256 * 1024;
/// Largest frame the daemon sends (a long customer history, a page of cases).
pub const MAX_RESPONSE_FRAME: usize = 8 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    #[error("connection closed")]
    Closed,
    #[error("frame of {0} bytes is over the {1}-byte limit")]
    TooLarge(usize, usize),
    #[error("{0}")]
    Io(#[from] io::Error),
}

pub fn read_frame(r: &mut impl Read, max: usize) -> Result<Vec<u8>, FrameError> {
    let mut len = [0u8; 4];
    if let Err(e) = r.read_exact(&mut len) {
        return Err(if e.kind() == io::ErrorKind::UnexpectedEof {
            FrameError::Closed
        } else {
            FrameError::Io(e)
        });
    }
    let len = u32::from_be_bytes(len) as usize;
    if len > max {
        return Err(FrameError::TooLarge(len, max));
    }
    let mut body = vec![0u8; len];
    r.read_exact(&mut body).map_err(|e| {
        if e.kind() == io::ErrorKind::UnexpectedEof {
            FrameError::Closed
        } else {
            FrameError::Io(e)
        }
    })?;
    Ok(body)
}

pub fn write_frame(w: &mut impl Write, body: &[u8]) -> io::Result<()> {
    let len = u32::try_from(body.len())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "frame over 4 GiB"))?;
    w.write_all(&len.to_be_bytes())?;
    w.write_all(body)?;
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oversized_length_is_refused_before_allocation() {
        let mut bytes: &[u8] = &[0xff, 0xff, 0xff, 0xff, 1, 2, 3];
        assert!(matches!(
            read_frame(&mut bytes, MAX_REQUEST_FRAME),
            Err(FrameError::TooLarge(_, _))
        ));
    }

    #[test]
    fn truncated_frame_is_closed_not_panic() {
        let mut bytes: &[u8] = &[0, 0, 0, 10, 1, 2];
        assert!(matches!(
            read_frame(&mut bytes, MAX_REQUEST_FRAME),
            Err(FrameError::Closed)
        ));
    }

    #[test]
    fn round_trip() {
        let mut buf = Vec::new();
        write_frame(&mut buf, b"hello").unwrap();
        assert_eq!(read_frame(&mut buf.as_slice(), 10).unwrap(), b"hello");
    }
}
