import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { ChangeOwnPasswordBodySchema } from '@cc/api-contract';
import { isApiError } from '../../api/client.ts';
import { useChangeOwnPassword } from '../../api/helpdesk-hooks.ts';
import { useUser } from '../../app/session.ts';
import { Field } from '../../components/Field.tsx';
import { StatusLine, useOutcome } from '../../components/QueryStates.tsx';
import { ErrorMessage } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';

const FormSchema = ChangeOwnPasswordBodySchema.extend({ confirmPassword: z.string() }).refine((v) => v.confirmPassword === v.newPassword, {
  path: ['confirmPassword'],
  message: 'Type the same new password again.',
});
type FormValues = z.infer<typeof FormSchema>;

const EMPTY: FormValues = { currentPassword: '', newPassword: '', confirmPassword: '' };

/** Every console user changes their own password here; admins reset other people's on the Users page. */
export default function AccountPage() {
  usePageTitle('Your account');
  const user = useUser();
  const change = useChangeOwnPassword();
  const outcome = useOutcome(change);
  const form = useForm<FormValues>({ defaultValues: EMPTY, resolver: zodResolver(FormSchema) });
  const { errors } = form.formState;
  // The API's own refusals (wrong current password, a common password) belong on their fields too.
  const apiIssue = (field: keyof FormValues) =>
    isApiError(change.error) ? change.error.details.filter((d) => d.path === field).map((d) => d.message) : [];
  const fieldErrors = (field: keyof FormValues) => [...(errors[field]?.message ? [errors[field].message] : []), ...apiIssue(field)];
  const control = (field: keyof FormValues) => ({
    id: `account-${field}`,
    type: 'password',
    autoComplete: field === 'currentPassword' ? 'current-password' : 'new-password',
    'aria-invalid': fieldErrors(field).length > 0 || undefined,
    'aria-describedby': fieldErrors(field).length > 0 ? `account-${field}-error` : undefined,
    ...form.register(field),
  });
  const unplaced = isApiError(change.error) && change.error.details.every((d) => !d.path) ? change.error : null;

  const submit = form.handleSubmit(({ currentPassword, newPassword }) => {
    outcome.clear();
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: ({ otherSessionsEnded }) => {
          form.reset(EMPTY);
          outcome.announce(
            `Your password was changed. ${otherSessionsEnded === 0 ? 'You had no other session.' : `${otherSessionsEnded} other ${otherSessionsEnded === 1 ? 'session was' : 'sessions were'} signed out.`}`,
          );
        },
      },
    );
  });

  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">Your account</h1>
      <p className="muted">
        Signed in as <strong>{user?.username}</strong>. Changing your password signs you out everywhere else; this browser stays signed in.
      </p>
      <StatusLine message={outcome.message} />
      {unplaced ? <ErrorMessage error={unplaced} title="The password was not changed" /> : null}
      <form className="tab-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="account-password-title">
        <h2 id="account-password-title">Change your password</h2>
        <Field id="account-currentPassword" label="Current password" error={fieldErrors('currentPassword')}>
          <input {...control('currentPassword')} />
        </Field>
        <Field id="account-newPassword" label="New password" hint="At least 12 characters; a short sentence works well." error={fieldErrors('newPassword')}>
          <input {...control('newPassword')} aria-describedby={['account-newPassword-hint', control('newPassword')['aria-describedby']].filter(Boolean).join(' ')} />
        </Field>
        <Field id="account-confirmPassword" label="New password again" error={fieldErrors('confirmPassword')}>
          <input {...control('confirmPassword')} />
        </Field>
        <div className="buttons">
          <button type="submit" className="primary" disabled={change.isPending}>
            {change.isPending ? 'Changing…' : 'Change password'}
          </button>
        </div>
      </form>
    </section>
  );
}
