import CoprCore
import Hummingbird

/// The project page's "New build" form (``SubmitForm``), shown to a signed-in reader the
/// rules allow to build in the project, as in the APIs. It posts
/// `multipart/form-data` to `POST …/<project>/new_build/`: `csrf_token`, then either a
/// file `pkgs` (an SRPM or spec) or a `url` of one, and the `chroots` to build for.
///
/// The body is read by the API upload's reader (``MultipartUpload``) into the same upload
/// directory, with the same name rules and size limit, and the build is submitted by the
/// user API's own actions, as the requester:
///
/// - a reader the rules refuse (or not signed in), or a post whose `csrf_token` is not its
///   session's (checked before a byte of the file is stored), gets the 403 page;
/// - a post without a file or URL, with both, with a file name the API refuses, too large
///   (413), or for no chroot or one the project lacks shows the project page again with
///   the problem and what was chosen (400);
/// - otherwise it goes on (303) to the new build's page.
///
/// A refused post leaves nothing: no build, no upload.
extension WebInterface {
    func registerSubmitForm(on routes: RouteCollection<FrontendRequestContext>) {
        for prefix in ["coprs/:owner", "coprs/g/:group"] {
            routes.post(RouterPath("\(prefix)/:project/new_build")) { request, context in
                try await page(request, context) { try await submitted(request, context) }
            }
        }
    }

    /// The form of `project`'s page, when its reader may build there; nil otherwise.
    func submitForm(_ project: Project, _ reader: PageReader, _ context: FrontendRequestContext, attempt: SubmitForm.Attempt?) async
        -> SubmitForm?
    {
        guard let csrfToken = reader.csrfToken, let account = context.identity,
              (try? await store.authorize(.submitBuild, by: account, owner: project.owner, project: project.name)) != nil
        else { return nil }
        return SubmitForm(project: project, csrfToken: csrfToken, maximumUploadSize: actions.maximumUploadSize, attempt: attempt)
    }

    /// Submits the form's build, or shows the project page with why it cannot be.
    private func submitted(_ request: Request, _ context: FrontendRequestContext) async throws -> Response {
        let project = try await store.project(owner: try Self.owner(context), name: try Self.parameter("project", context))
        let account: Account
        do {
            account = try await actions.authorized(.submitBuild, context, owner: project.owner, project: project.name)
        } catch let refused as AccessRefused {
            throw WebFormRefused(.forbidden, refused.description)
        }
        // Only the form's own body can carry its token.
        guard (request.headers[.contentType] ?? "").lowercased().hasPrefix("multipart/form-data") else { throw WebSessions.foreignForm }
        var attempt = SubmitForm.Attempt(chroots: project.chroots, url: "", problem: "")
        do {
            let overview = try await submit(request, context, project, by: account, attempt: &attempt)
            return Response(status: .seeOther, headers: [.location: WebPath.withQuery(WebPath.build(overview), [("done", "submit")])])
        } catch let refused as WebFormRefused {
            throw refused
        } catch {
            guard let refused = UserAPIError(error), [.badRequest, .contentTooLarge].contains(refused.status) else { throw error }
            attempt.problem = refused.message
            return try await projectPage(request, context, attempt: attempt, status: refused.status)
        }
    }

    /// Reads the form, keeping what it chose in `attempt`, and submits its build.
    private func submit(
        _ request: Request, _ context: FrontendRequestContext, _ project: Project, by account: Account, attempt: inout SubmitForm.Attempt
    ) async throws -> BuildOverview {
        let limit = actions.maximumUploadSize + UserAPI.maximumJSONBodySize
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw UserAPIError.tooLarge("upload", limit: actions.maximumUploadSize)
        }
        var parts = MultipartUpload.Parts(file: "pkgs", texts: [CSRFToken.field, "url", "chroots"])
        parts.beforeFile = { texts in try WebSessions.checkCSRF(texts[CSRFToken.field]?.first, context) }
        let form = try await MultipartUpload.receive(request, parts, into: actions.uploads, maximumSize: actions.maximumUploadSize)
        let url = form.texts["url"]?.first?.trimmingCharacters(in: .whitespaces) ?? ""
        let chroots = form.texts["chroots"] ?? []
        attempt.url = url
        attempt.chroots = chroots
        do {
            try WebSessions.checkCSRF(form.texts[CSRFToken.field]?.first, context)
            guard !chroots.isEmpty else { throw UserAPIError(.badRequest, "Choose at least one chroot to build for.") }
            let submission = { (source: BuildSource) in
                BuildSubmission(owner: project.owner, project: project.name, submitter: account.login, source: source, chroots: chroots)
            }
            switch (form.upload, url.isEmpty) {
            case (let upload?, true):
                return try await actions.submit(upload: upload, by: account, submission)
            case (nil, false):
                return try await actions.submit(submission(.web(url)), by: account)
            case (_?, false):
                throw UserAPIError(.badRequest, "Give either a file or a URL, not both.")
            case (nil, true):
                throw UserAPIError(.badRequest, "Choose an SRPM or spec file to upload, or give the URL of one.")
            }
        } catch {
            // Submitting removes a refused upload itself; this removes one never submitted.
            if let upload = form.upload { actions.removeUpload(upload) }
            throw error
        }
    }
}
