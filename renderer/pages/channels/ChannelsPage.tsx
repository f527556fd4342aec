// PLACEHOLDER: the real page replaces this before it lands.
export function ChannelsPage() {
  return <div>Channels</div>;
}
