//! Framing in front of `tower-lsp-server`, so that malformed input does not
//! end the session.
//!
//! `tower-lsp-server` stops reading at the first message it cannot decode
//! (its framed reader ends after an error). The server must keep serving, so
//! every incoming frame is checked here first: a well-formed JSON-RPC message
//! is passed on; anything else is answered here with a JSON-RPC error
//! (`-32700` parse error, `-32600` invalid request) and dropped. The answers
//! are written between the library's own frames by [`merge_output`].

use std::io::Write;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

/// The largest message accepted (bigger ones are answered with an error and skipped).
const MAX_MESSAGE: usize = 1 << 30;

/// One frame read: its body, or why there is none.
enum Frame {
    Body(Vec<u8>),
    /// Headers without a usable `Content-Length`, or a body too large (skipped).
    BadHeader,
    /// The input ended.
    End,
}

async fn read_frame<R: AsyncRead + Unpin>(input: &mut BufReader<R>) -> Frame {
    let mut length: Option<usize> = None;
    let mut saw_header = false;
    loop {
        let mut line = Vec::new();
        match input.read_until(b'\n', &mut line).await {
            Ok(0) | Err(_) => return Frame::End,
            Ok(_) => {}
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if saw_header {
                break;
            }
            continue;
        }
        saw_header = true;
        // The header may follow the leftovers of a frame whose `Content-Length`
        // was too short: find it anywhere in the line, so the next frame survives.
        if let Some(at) = text.to_ascii_lowercase().find("content-length:") {
            length = text[at + "content-length:".len()..].trim().parse().ok();
        }
    }
    let Some(length) = length else { return Frame::BadHeader };
    if length > MAX_MESSAGE {
        // Too big to hold: skip it, so the next frame is read from its start.
        let mut skip = (&mut *input).take(length as u64);
        return match tokio::io::copy(&mut skip, &mut tokio::io::sink()).await {
            Ok(n) if n == length as u64 => Frame::BadHeader,
            _ => Frame::End,
        };
    }
    let mut body = vec![0; length];
    match input.read_exact(&mut body).await {
        Ok(_) => Frame::Body(body),
        Err(_) => Frame::End,
    }
}

/// `Content-Length` framing of a JSON value.
pub fn frame(message: &Value) -> Vec<u8> {
    let body = message.to_string();
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body.as_bytes());
    out
}

fn error(id: Value, code: i64, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

/// `None` when `body` is a message the library decodes; otherwise the error to answer.
pub fn check(body: &[u8]) -> Option<Value> {
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        return Some(error(Value::Null, -32700, "Parse error"));
    };
    let id = value.get("id").cloned().unwrap_or(Value::Null);
    let id_ok = matches!(id, Value::Null | Value::Number(_) | Value::String(_));
    let invalid = || Some(error(if id_ok { id.clone() } else { Value::Null }, -32600, "Invalid request"));
    let Some(object) = value.as_object() else { return invalid() };
    if object.get("jsonrpc") != Some(&json!("2.0")) || !id_ok {
        return invalid();
    }
    let is_request = object.get("method").is_some_and(Value::is_string)
        && object.get("params").is_none_or(|p| p.is_object() || p.is_array() || p.is_null());
    let is_response = object.contains_key("id") && (object.contains_key("result") || object.contains_key("error"));
    if is_request || is_response { None } else { invalid() }
}

/// Copies well-formed frames from `input` to `to_server`; answers the others
/// through `answers`. Ends with the input.
pub async fn filter_input(
    input: impl AsyncRead + Unpin,
    mut to_server: impl AsyncWrite + Unpin,
    answers: mpsc::UnboundedSender<Option<Vec<u8>>>,
) {
    let mut input = BufReader::new(input);
    loop {
        match read_frame(&mut input).await {
            Frame::End => break,
            Frame::BadHeader => {
                let _ = answers.send(Some(frame(&error(
                    Value::Null,
                    -32700,
                    "Parse error: no valid Content-Length, or a message too large",
                ))));
            }
            Frame::Body(body) => match check(&body) {
                Some(answer) => {
                    eprintln!("corpus-lsp: malformed message answered with an error");
                    let _ = answers.send(Some(frame(&answer)));
                }
                None => {
                    let header = format!("Content-Length: {}\r\n\r\n", body.len());
                    if to_server.write_all(header.as_bytes()).await.is_err()
                        || to_server.write_all(&body).await.is_err()
                        || to_server.flush().await.is_err()
                    {
                        break;
                    }
                }
            },
        }
    }
    let _ = to_server.shutdown().await;
}

/// Copies the library's frames from `from_server` to `output`, with the
/// frames sent through `answers` written between them. `answers` carries
/// `None` to end: this function sends it when the library's output ends.
/// Returns `output`.
///
/// `output` is written from a blocking thread, each frame with one
/// `write_all` of its bytes as they are: a `publishDiagnostics` of a long
/// document is hundreds of kilobytes, and an async writer (tokio's stdout)
/// would copy it into a buffer of its own first, and std's line-buffered
/// stdout would scan it for a line break (see [`raw_stdout`]).
pub async fn merge_output<W: Write + Send + 'static>(
    from_server: impl AsyncRead + Unpin,
    output: W,
    answers: mpsc::UnboundedSender<Option<Vec<u8>>>,
    mut frames: mpsc::UnboundedReceiver<Option<Vec<u8>>>,
) -> Option<W> {
    // Reading and writing run side by side (no `select!`: reading a frame is
    // not cancel-safe); both go through one channel, so frames stay whole.
    let read = async move {
        let mut from_server = BufReader::new(from_server);
        loop {
            match read_frame(&mut from_server).await {
                Frame::Body(body) => {
                    let mut bytes = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
                    bytes.extend_from_slice(&body);
                    let _ = answers.send(Some(bytes));
                }
                Frame::BadHeader => continue,
                Frame::End => break,
            }
        }
        let _ = answers.send(None);
    };
    let write = tokio::task::spawn_blocking(move || {
        let mut output = output;
        while let Some(Some(bytes)) = frames.blocking_recv() {
            if output.write_all(&bytes).is_err() {
                break;
            }
            let _ = output.flush();
        }
        let _ = output.flush();
        output
    });
    let ((), written) = tokio::join!(read, write);
    written.ok()
}

/// The process's standard output, unbuffered: on Unix a duplicate of its
/// file descriptor (writes go straight to `write(2)`), elsewhere std's
/// `Stdout` (line-buffered).
pub fn raw_stdout() -> Box<dyn Write + Send> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(fd) = std::io::stdout().as_fd().try_clone_to_owned() {
            return Box::new(std::fs::File::from(fd));
        }
    }
    Box::new(std::io::stdout())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_messages() {
        assert_eq!(check(br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#), None);
        assert_eq!(check(br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#), None);
        assert_eq!(check(br#"{"jsonrpc":"2.0","id":"a","result":null}"#), None);
        assert_eq!(check(b"{bad}").unwrap()["error"]["code"], -32700);
        let invalid = check(br#"{"jsonrpc":"2.0","id":3}"#).unwrap();
        assert_eq!((invalid["id"].clone(), invalid["error"]["code"].clone()), (json!(3), json!(-32600)));
        assert_eq!(check(br#"{"jsonrpc":"1.0","method":"x"}"#).unwrap()["error"]["code"], -32600);
        assert_eq!(check(br#"{"jsonrpc":"2.0","id":{},"method":"x"}"#).unwrap()["id"], Value::Null);
        assert_eq!(check(br#"{"jsonrpc":"2.0","method":"x","params":3}"#).unwrap()["error"]["code"], -32600);
        assert_eq!(check(b"[1]").unwrap()["error"]["code"], -32600);
    }

    #[tokio::test]
    async fn filters_and_merges() {
        let input = [
            frame(&json!({"jsonrpc": "2.0", "method": "a"})),
            b"Content-Length: 5\r\n\r\n{bad}".to_vec(),
            b"X-Nothing: 1\r\n\r\n".to_vec(),
            // Too short a length: its leftovers run into the next header, which is found.
            b"Content-Length: 10\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"cut\"}".to_vec(),
            frame(&json!({"jsonrpc": "2.0", "method": "b"})),
        ]
        .concat();
        let (tx, rx) = mpsc::unbounded_channel();
        let mut passed = Vec::new();
        filter_input(&input[..], &mut passed, tx.clone()).await;
        let expected =
            [frame(&json!({"jsonrpc": "2.0", "method": "a"})), frame(&json!({"jsonrpc": "2.0", "method": "b"}))]
                .concat();
        assert_eq!(String::from_utf8(passed).unwrap(), String::from_utf8(expected.clone()).unwrap());
        let out = merge_output(&expected[..], Vec::new(), tx, rx).await.unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out.matches("Content-Length: ").count(), 5, "{out}");
        assert!(out.contains("-32700"));
    }
}
