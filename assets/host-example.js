// The example host page's script (see README, "Slides and host pages"): posts genlab's
// messages to the frame and keeps every state message it receives in `window.genlabStates`.
const frame = document.getElementById('panel');
const link = decodeURIComponent(location.hash.slice(1)) || 'panel=sam';
frame.src = `./?${link}&embed=1`;
window.genlabStates = [];
const send = (message) => frame.contentWindow.postMessage(message, '*');
window.genlabSend = send;
addEventListener('message', (event) => {
  if (event.source !== frame.contentWindow || event.data?.type !== 'genlab:state') return;
  window.genlabStates.push(event.data);
  const log = document.getElementById('log');
  log.textContent = `${JSON.stringify(event.data)}\n${log.textContent}`.slice(0, 4000);
});
const query = () => document.getElementById('query').value;
document.getElementById('set').onclick = () => send({ type: 'genlab:set', query: query() });
document.getElementById('run').onclick = () => send({ type: 'genlab:run' });
document.getElementById('stop').onclick = () => send({ type: 'genlab:stop' });
// reveal.js posts these plain strings to the iframes of the slide it leaves or shows.
document.getElementById('slide-stop').onclick = () => send('slide:stop');
document.getElementById('slide-start').onclick = () => send('slide:start');
