/** Keys of what the console keeps in the browser; all of it is forgotten on sign-out. */
export const WIZARD_DRAFT_KEY = 'cc.wizard.draft';

/** Drafts belong to the user who typed them: a sign-out (or an ended session) removes them from this tab. */
export function forgetUserDrafts(): void {
  try {
    sessionStorage.removeItem(WIZARD_DRAFT_KEY);
  } catch {
    // Storage refused: nothing was kept.
  }
}
