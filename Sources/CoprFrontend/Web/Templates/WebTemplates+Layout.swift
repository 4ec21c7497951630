extension WebTemplates {
    /// The frame of every page: the deployment's name, the navigation, the main region,
    /// the style sheet, and the copy buttons' script (the buttons stay hidden without it).
    static let layout = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · {{chrome.siteName}}</title>
        <style>
        :root { --fg: #1b1b1b; --bg: #ffffff; --muted: #4a4a4a; --line: #c8c8c8; --link: #0b4f9c; --head: #f1f3f5; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
        a { color: var(--link); }
        a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, summary:focus-visible {
          outline: 3px solid #c25400; outline-offset: 2px; }
        .skip { position: absolute; left: -999px; }
        .skip:focus { left: 8px; top: 8px; background: var(--bg); padding: 4px 8px; z-index: 1; }
        header { background: #17324d; color: #fff; padding: 8px 16px; display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: center; }
        header a { color: #fff; }
        header .site { margin: 0; font-weight: 700; font-size: 1.15rem; }
        header nav ul { list-style: none; margin: 0; padding: 0; display: flex; gap: 16px; }
        header nav a[aria-current] { text-decoration-thickness: 3px; }
        header .viewer { margin: 0 0 0 auto; }
        header .viewer form.inline { margin: 0; }
        .notice { border: 1px solid #1a5e20; background: #eef7ee; padding: 8px; }
        .problem { border: 1px solid #a4161a; background: #fdeeee; padding: 8px; }
        .submit-form input[type=url], .submit-form input[type=file] { width: 100%; max-width: 40rem; font: inherit; }
        .submit-form fieldset { border: 1px solid var(--line); } .submit-form fieldset label { display: inline-block; margin: 0 16px 4px 0; }
        form.actions { display: inline-block; margin: 0 8px 8px 0; }
        main { padding: 16px; max-width: 1200px; margin: 0 auto; }
        h1 { font-size: 1.6rem; margin: 8px 0 16px; word-break: break-word; }
        h2 { font-size: 1.25rem; margin: 24px 0 8px; }
        .table-wrap { overflow-x: auto; position: relative; }
        table { border-collapse: collapse; width: 100%; }
        th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
        th { background: var(--head); }
        code, pre { font-family: ui-monospace, monospace; font-size: 0.9rem; }
        code { overflow-wrap: anywhere; }
        pre { background: #f6f8fa; border: 1px solid var(--line); padding: 8px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
        .muted { color: var(--muted); }
        .vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
        .live-log { max-height: 70vh; overflow-y: auto; }
        .state { display: inline-block; padding: 0 6px; border-radius: 4px; border: 1px solid currentColor; font-size: 0.85rem; white-space: nowrap; }
        .state-succeeded { color: #1a5e20; } .state-failed { color: #a4161a; } .state-running, .state-starting { color: #0b4f9c; }
        .state-pending, .state-importing, .state-waiting { color: #6b4a00; } .state-canceled, .state-skipped { color: #4a4a4a; }
        .command { display: flex; gap: 8px; align-items: flex-start; }
        .command pre { flex: 1; margin: 4px 0; }
        button { font: inherit; padding: 2px 10px; }
        form.inline { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 8px 0; }
        .pager { display: flex; gap: 16px; margin: 8px 0; }
        form.fields p > label[for], .hint, .field-error { display: block; }
        form.fields p > label[for] { font-weight: 600; }
        form.fields textarea, form.fields input:not([type]), form.fields input[type=url] { display: block; width: 100%; max-width: 48rem; font: inherit; }
        form.fields select { display: block; max-width: 100%; font: inherit; }
        form.fields fieldset { border: 1px solid var(--line); max-width: 48rem; margin: 16px 0; }
        .hint { color: var(--muted); font-size: 0.9rem; }
        .field-error { color: #a4161a; font-weight: 600; }
        .problem { border: 1px solid #a4161a; background: #fdf0f0; padding: 0 8px; }
        .checks { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: 4px 16px; }
        footer { padding: 16px; color: var(--muted); text-align: center; }
        </style>
        </head>
        <body>
        <a class="skip" href="#main">Skip to the content</a>
        <header>
        <p class="site"><a href="/">{{chrome.siteName}}</a></p>
        <nav aria-label="Main">
        <ul>
        <li><a href="/"{{#chrome.isHome}} aria-current="page"{{/chrome.isHome}}>Home</a></li>
        <li><a href="/coprs/"{{#chrome.isProjects}} aria-current="page"{{/chrome.isProjects}}>Projects</a></li>
        <li><a href="/status/"{{#chrome.isStatus}} aria-current="page"{{/chrome.isStatus}}>Status</a></li>
        </ul>
        </nav>
        <div class="viewer">{{#chrome.viewer}}<form method="post" action="/logout" class="inline">\
        <span>{{chrome.viewer}} ·</span> <input type="hidden" name="csrf_token" value="{{chrome.csrfToken}}">\
        <button type="submit">Sign out</button></form>{{/chrome.viewer}}\
        {{^chrome.viewer}}<a href="{{chrome.signInURL}}">Sign in</a>{{/chrome.viewer}}</div>
        </header>
        <main id="main">
        {{#chrome.notice}}<p class="notice" role="status">{{chrome.notice}}</p>{{/chrome.notice}}
        {{$content}}{{/content}}
        </main>
        <footer>copr-backend</footer>
        <script>\(WebScripts.copyButtons)</script>
        </body>
        </html>
        """
}
