/// One chroot's checkbox in a form's "Chroots" fieldset (a project's settings, a new
/// project), named as the form posts it.
struct ChrootCheckbox: Sendable {
    let name: String
    let checked: Bool
}
