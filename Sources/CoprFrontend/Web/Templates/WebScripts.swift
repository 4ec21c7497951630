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
    /// `Copr-Log-Complete: true`, then shows the note after the log (hidden until then)
    /// that the page has the task's results on reload.
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
                if (answer.headers.get("Copr-Log-Complete") === "true") {
                  const note = pre.parentElement.querySelector(".log-complete");
                  if (note) { note.hidden = false; }
                  return;
                }
              }
            } catch (error) {}
            setTimeout(poll, 2000);
          };
          setTimeout(poll, 2000);
        }

        """

    /// Updates the part of a page marked `data-refresh="<seconds>"` from the server every
    /// so many seconds while the box `#auto-refresh` (hidden without scripts) is ticked,
    /// the page is visible and the reader's focus is not inside that part (a reader
    /// tabbing through a table keeps their place). The new part is the same page fetched
    /// again, so it is escaped on the server as the first was; a script in it never runs.
    static let refresh = """

        const region = document.querySelector("[data-refresh]");
        const toggle = document.getElementById("auto-refresh");
        if (region && toggle) {
          toggle.closest("p").hidden = false;
          const seconds = Number(region.dataset.refresh) || 10;
          const refresh = async () => {
            if (toggle.checked && !document.hidden && !region.contains(document.activeElement)) {
              try {
                const answer = await fetch(location.href, { credentials: "same-origin" });
                if (answer.ok) {
                  const page = new DOMParser().parseFromString(await answer.text(), "text/html");
                  const fresh = page.querySelector("[data-refresh]");
                  if (fresh) { region.replaceChildren(...document.importNode(fresh, true).childNodes); }
                }
              } catch (error) {}
            }
            setTimeout(refresh, seconds * 1000);
          };
          setTimeout(refresh, seconds * 1000);
        }

        """

    /// The pages' Content-Security-Policy: their own address for everything, inline
    /// styles (the layout's style sheet), and of scripts only these.
    static let contentSecurityPolicy: String = {
        let hashes = [copyButtons, liveLog, refresh].map { "'sha256-\(Data(SHA256.hash(data: Data($0.utf8))).base64EncodedString())'" }
        return "default-src 'self'; script-src \(hashes.joined(separator: " ")); style-src 'unsafe-inline'; img-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    }()
}
