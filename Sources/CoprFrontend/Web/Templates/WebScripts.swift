import Crypto
import Foundation

/// The pages' only scripts, small progressive enhancements (every page reads the same
/// without them). They are constants so that the pages' Content-Security-Policy can allow
/// exactly them by hash and no other script.
enum WebScripts {
    /// Shows the copy buttons (hidden without scripts) and copies each one's `data-copy`.
    static let copyButtons = """

        for (const button of document.querySelectorAll("button[data-copy]")) {
          button.hidden = false;
          button.addEventListener("click", () => {
            navigator.clipboard.writeText(button.dataset.copy).then(() => { button.textContent = "Copied"; });
          });
        }

        """

    /// Follows each live log (`pre[data-log-url]`, shown scrolled to its end) from its `data-offset`: asks the log
    /// API for what follows every 2 seconds, appends it as text (never as markup), keeps
    /// a reader who was at the end there, and stops once the API answers
    /// `Copr-Log-Complete: true`.
    static let liveLog = """

        for (const pre of document.querySelectorAll("pre[data-log-url]")) {
          let offset = Number(pre.dataset.offset);
          pre.scrollTop = pre.scrollHeight;
          const poll = async () => {
            try {
              const answer = await fetch(pre.dataset.logUrl + "?offset=" + offset, { credentials: "same-origin" });
              if (answer.ok) {
                const text = await answer.text();
                offset = Number(answer.headers.get("Copr-Log-Offset") || offset);
                if (text) {
                  const atEnd = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
                  pre.append(document.createTextNode(text));
                  if (atEnd) { pre.scrollTop = pre.scrollHeight; }
                }
                if (answer.headers.get("Copr-Log-Complete") === "true") { return; }
              }
            } catch (error) {}
            setTimeout(poll, 2000);
          };
          setTimeout(poll, 2000);
        }

        """

    /// The pages' Content-Security-Policy: their own address for everything, inline
    /// styles (the layout's style sheet), and of scripts only these two.
    static let contentSecurityPolicy: String = {
        let hashes = [copyButtons, liveLog].map { "'sha256-\(Data(SHA256.hash(data: Data($0.utf8))).base64EncodedString())'" }
        return "default-src 'self'; script-src \(hashes.joined(separator: " ")); style-src 'unsafe-inline'; img-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    }()
}
