// PLACEHOLDER: the real page replaces this before it lands.
export function ProfilesPage() {
  return <div>Profiles</div>;
}
