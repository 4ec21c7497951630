/// The pages' Mustache templates, compiled into the binary as string constants (one file
/// each, beside this one) rather than shipped as resource files: the daemon runs from
/// `.build/…/copr-backend` or from wherever it was installed or copied, and a resource
/// bundle found next to the executable would be missing in the second case. Each page
/// extends `layout` (`{{<layout}}{{$content}}…{{/content}}{{/layout}}`).
///
/// Every value is inserted with `{{name}}`, which escapes it; the only unescaped
/// insertions (`{{{…HTML}}}`) are ``SafeHTML`` values, named so (a test holds the
/// templates to that).
enum WebTemplates {
    /// Every template by the name pages and partials use.
    static let all: [String: String] = [
        "layout": layout,
        "home": home,
        "projects": projects,
        "project": project,
        "monitor": monitor,
        "build": build,
        "status": status,
        "error": error,
        "sign-in": signIn,
        "settings": settings,
        "chroot-settings": chrootSettings,
        "project-creation": projectCreation,
        "form-field": formField,
        "builds-table": buildsTable,
        "projects-list": projectsList,
        "pager": pager,
        "farm-task": farmTask,
        "submit-form": submitForm,
    ]
}
