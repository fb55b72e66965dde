// Console behaviour that needs script, kept out of the pages so the CSP can forbid inline script.
document.addEventListener('submit', function (event) {
  var form = event.target;
  var question = form.getAttribute('data-confirm');
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// Journal details arrive as compact JSON; show them as "field: value" lines, which people read faster.
(function () {
  function lines(value, path, out) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      Object.keys(value).forEach(function (key) {
        lines(value[key], path ? path + '.' + key : key, out);
      });
    } else if (Array.isArray(value)) {
      out.push(path + ': ' + (value.length ? value.map(function (v) {
        return v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v);
      }).join(', ') : '—'));
    } else {
      out.push(path + ': ' + (value === null || value === '' ? '—' : String(value)));
    }
    return out;
  }
  document.querySelectorAll('code.details').forEach(function (code) {
    var data;
    try {
      data = JSON.parse(code.textContent);
    } catch (e) {
      return;
    }
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      return;
    }
    var text = lines(data, '', []).join('\n');
    code.textContent = text || '—';
  });
})();

// "Copy" buttons (a new integration token): copy the target's text and say so on the button.
document.addEventListener('click', function (event) {
  var button = event.target.closest ? event.target.closest('button[data-copy]') : null;
  if (!button) {
    return;
  }
  var target = document.querySelector(button.getAttribute('data-copy'));
  if (!target || !navigator.clipboard) {
    return;
  }
  navigator.clipboard.writeText(target.textContent.trim()).then(function () {
    button.textContent = button.getAttribute('data-copied') || button.textContent;
  });
});

// Single sign-on: the sign-in form's answer leads to the company's identity provider. A form's redirect to another
// origin would break the CSP's form-action 'self', so the answer is this page, and the browser goes on by itself
// (the link stays for browsers without script).
document.querySelectorAll('a[data-follow]').forEach(function (link) {
  window.location.assign(link.href);
});
