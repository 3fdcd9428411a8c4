//! Arbitrary bytes through the frame reader and every message decoder: no panic, no
//! allocation past the frame cap.
#![no_main]

use frontdesk::protocol::{self, read_frame, ClientMsg, Hello, ServerMsg, MAX_REQUEST_FRAME};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut r = std::io::Cursor::new(data);
    while let Ok(frame) = read_frame(&mut r, MAX_REQUEST_FRAME) {
        let _ = protocol::decode::<ClientMsg>(&frame);
        let _ = protocol::decode::<Hello>(&frame);
        let _ = protocol::decode::<ServerMsg>(&frame);
    }
});
