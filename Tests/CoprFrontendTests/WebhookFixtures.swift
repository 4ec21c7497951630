import CoprCore
import Foundation

/// Push payloads as the forges document them, cut to the fields a push carries: what
/// ``WebhookPushTests`` parses and ``WebhookRouteTests`` posts.
enum WebhookFixtures {
    static let commit = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c"

    /// A GitHub `push` event to `ref` of the repository cloned by `cloneURL` (ending in `.git`) changing `files`.
    static func github(ref: String = "refs/heads/main", cloneURL: String = "https://github.com/octo/hello.git", files: [String] = ["hello.spec"]) -> JSONValue {
        [
            "ref": .string(ref), "before": "6113728f27ae82c7b1a177c8d03f9e96e0adf246", "after": .string(commit),
            "created": false, "deleted": false, "forced": false, "base_ref": .null,
            "compare": "https://github.com/octo/hello/compare/6113728f27ae...0d1a26e67d8f",
            "commits": [
                [
                    "id": .string(commit), "message": "Update hello", "timestamp": "2026-12-05T02:00:00Z",
                    "url": .string("https://github.com/octo/hello/commit/\(commit)"),
                    "author": ["name": "Octo Cat", "email": "octo@example.org", "username": "octo"],
                    "added": [], "removed": [], "modified": .array(files.map(JSONValue.string)),
                ],
            ],
            "head_commit": .null,
            "repository": [
                "id": 1_296_269, "name": "hello", "full_name": "octo/hello", "private": false,
                "html_url": .string(String(cloneURL.dropLast(4))), "clone_url": .string(cloneURL),
                "git_url": "git://github.com/octo/hello.git", "ssh_url": "git@github.com:octo/hello.git",
                "default_branch": "main",
            ],
            "pusher": ["name": "octo", "email": "octo@example.org"],
            "sender": ["login": "octo", "id": 1, "url": "https://api.github.com/users/octo"],
        ]
    }

    /// GitHub's `ping` event, sent when a webhook is added.
    static let githubPing: JSONValue = [
        "zen": "Keep it logically awesome.", "hook_id": 1,
        "hook": ["type": "Repository", "id": 1, "events": ["push"], "active": true],
        "repository": ["full_name": "octo/hello", "clone_url": "https://github.com/octo/hello.git"],
    ]

    /// A Gitea or Forgejo push: GitHub's fields, with the forge's own around them.
    static let gitea: JSONValue = [
        "ref": "refs/heads/devel", "before": "28e1879d029cb852e4844d9c718537df08844e03", "after": .string(commit),
        "compare_url": "https://codeberg.org/octo/hello/compare/28e1879d029c...0d1a26e67d8f",
        "commits": [
            [
                "id": .string(commit), "message": "Packaging\n", "url": .string("https://codeberg.org/octo/hello/commit/\(commit)"),
                "author": ["name": "Octo", "email": "octo@example.org", "username": "octo"],
                "added": ["rpm/hello.spec"], "removed": [], "modified": [],
            ],
        ],
        "total_commits": 1,
        "repository": [
            "id": 140, "name": "hello", "full_name": "octo/hello", "html_url": "https://codeberg.org/octo/hello",
            "ssh_url": "ssh://git@codeberg.org/octo/hello.git", "clone_url": "https://codeberg.org/octo/hello.git",
            "default_branch": "main",
        ],
        "pusher": ["login": "octo"], "sender": ["login": "octo"],
    ]

    /// A GitLab `Push Hook`.
    static func gitlabPush(files: [String] = ["hello.spec"]) -> JSONValue {
        [
            "object_kind": "push", "event_name": "push", "before": "95790bf891e76fee5e1747ab589903a6a1f80f22",
            "after": .string(commit), "ref": "refs/heads/main", "ref_protected": true, "checkout_sha": .string(commit),
            "user_id": 4, "user_name": "John Smith", "user_username": "jsmith", "project_id": 15,
            "project": [
                "id": 15, "name": "hello", "web_url": "https://gitlab.com/jsmith/hello",
                "git_ssh_url": "git@gitlab.com:jsmith/hello.git", "git_http_url": "https://gitlab.com/jsmith/hello.git",
                "namespace": "jsmith", "path_with_namespace": "jsmith/hello", "default_branch": "main",
            ],
            "commits": [
                [
                    "id": .string(commit), "message": "Update hello", "timestamp": "2026-12-05T02:00:00+00:00",
                    "author": ["name": "John Smith", "email": "jsmith@example.org"],
                    "added": [], "modified": .array(files.map(JSONValue.string)), "removed": [],
                ],
            ],
            "total_commits_count": 1,
            "repository": ["name": "hello", "url": "git@gitlab.com:jsmith/hello.git", "homepage": "https://gitlab.com/jsmith/hello"],
        ]
    }

    /// A GitLab `Tag Push Hook` of tag `tag`.
    static func gitlabTag(_ tag: String) -> JSONValue {
        [
            "object_kind": "tag_push", "event_name": "tag_push", "before": "0000000000000000000000000000000000000000",
            "after": "82b3d5ae55f7080f1e6022629cdb57bfae7cccc7", "ref": .string("refs/tags/\(tag)"), "checkout_sha": .string(commit),
            "user_id": 1, "user_name": "John Smith", "user_username": "jsmith", "project_id": 1,
            "project": [
                "id": 1, "name": "hello", "web_url": "https://gitlab.com/jsmith/hello",
                "git_http_url": "https://gitlab.com/jsmith/hello.git", "git_ssh_url": "git@gitlab.com:jsmith/hello.git",
            ],
            "commits": [], "total_commits_count": 0,
        ]
    }
}
