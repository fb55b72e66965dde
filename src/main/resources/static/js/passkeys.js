// Passkeys (WebAuthn) in the console: adding one, and using one to sign in or confirm. The server's
// endpoints and the CSRF token come from data attributes on the button, so the pages keep their CSP
// (no inline script). Binary fields travel base64url-encoded, as Spring Security's WebAuthn JSON expects.
(function () {
  'use strict';

  function encode(buffer) {
    var bytes = new Uint8Array(buffer);
    var text = '';
    for (var i = 0; i < bytes.length; i++) {
      text += String.fromCharCode(bytes[i]);
    }
    return window.btoa(text).replace(/=/g, '').replace(/\+/g, '-').replace(/\//g, '_');
  }

  function decode(base64url) {
    var text = window.atob(base64url.replace(/-/g, '+').replace(/_/g, '/'));
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) {
      bytes[i] = text.charCodeAt(i);
    }
    return bytes.buffer;
  }

  function post(button, url, body) {
    var headers = { 'Content-Type': 'application/json', 'Accept': 'application/json' };
    headers[button.dataset.csrfHeader] = button.dataset.csrf;
    return fetch(url, { method: 'POST', headers: headers, credentials: 'same-origin', body: body ? JSON.stringify(body) : '{}' });
  }

  /** A refusal of the server: a redirect (sign in again, confirm first) is followed; anything else shows the button's error text. */
  function answer(button, response) {
    if (response.redirected) {
      window.location.href = response.url;
      return null;
    }
    return response.json().then(function (json) {
      if (json && json.redirect) {
        window.location.href = json.redirect;
        return null;
      }
      fail(button);
      return null;
    }, function () {
      fail(button);
      return null;
    });
  }

  function fail(button) {
    var box = document.getElementById(button.dataset.errorBox);
    if (box) {
      box.textContent = button.dataset.errorText;
      box.hidden = false;
    }
    button.disabled = false;
  }

  function descriptors(list) {
    return (list || []).map(function (c) {
      return Object.assign({}, c, { id: decode(c.id) });
    });
  }

  function register(button) {
    var label = document.getElementById(button.dataset.labelInput);
    post(button, button.dataset.options).then(function (response) {
      if (!response.ok || response.redirected) {
        return answer(button, response);
      }
      return response.json().then(function (options) {
        options.challenge = decode(options.challenge);
        options.user = Object.assign({}, options.user, { id: decode(options.user.id) });
        options.excludeCredentials = descriptors(options.excludeCredentials);
        return navigator.credentials.create({ publicKey: options });
      }).then(function (created) {
        var body = {
          publicKey: {
            label: label ? label.value : '',
            credential: {
              id: created.id,
              rawId: encode(created.rawId),
              type: created.type,
              response: {
                attestationObject: encode(created.response.attestationObject),
                clientDataJSON: encode(created.response.clientDataJSON),
                transports: created.response.getTransports ? created.response.getTransports() : []
              },
              clientExtensionResults: created.getClientExtensionResults(),
              authenticatorAttachment: created.authenticatorAttachment
            }
          }
        };
        return post(button, button.dataset.action, body).then(function (r) { return answer(button, r); });
      });
    }).catch(function () { fail(button); });
  }

  function authenticate(button) {
    post(button, button.dataset.options).then(function (response) {
      if (!response.ok || response.redirected) {
        return answer(button, response);
      }
      return response.json().then(function (options) {
        options.challenge = decode(options.challenge);
        options.allowCredentials = descriptors(options.allowCredentials);
        return navigator.credentials.get({ publicKey: options });
      }).then(function (got) {
        var body = {
          id: got.id,
          rawId: encode(got.rawId),
          type: got.type,
          response: {
            authenticatorData: encode(got.response.authenticatorData),
            clientDataJSON: encode(got.response.clientDataJSON),
            signature: encode(got.response.signature),
            userHandle: got.response.userHandle ? encode(got.response.userHandle) : undefined
          },
          clientExtensionResults: got.getClientExtensionResults(),
          authenticatorAttachment: got.authenticatorAttachment
        };
        return post(button, button.dataset.action, body).then(function (r) { return answer(button, r); });
      });
    }).catch(function () { fail(button); });
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest('[data-passkey]');
    if (!button) {
      return;
    }
    event.preventDefault();
    if (!window.PublicKeyCredential) {
      fail(button);
      return;
    }
    button.disabled = true;
    if (button.dataset.passkey === 'register') {
      register(button);
    } else {
      authenticate(button);
    }
  });
})();
